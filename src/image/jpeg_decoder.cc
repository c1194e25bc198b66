// TurboJPEG decoding with the API common to libjpeg-turbo 1.5, 2.x and 3.x
// (tjInitDecompress / tjDecompressHeader3 / tjDecompress2), so the same code
// builds on a Jetson Nano (Ubuntu 18.04 ships 1.5.2).
//
// Parity: libjpeg-turbo's defaults (accurate integer IDCT, "fancy" upsampling)
// are what Pillow uses too, so the decoded pixels are the same as Pillow's
// for the same library version.
#include <turbojpeg.h>

#include <cstring>
#include <memory>

#include "core/error.h"
#include "image/decode.h"

#if defined(__has_include)
#if __has_include(<jconfig.h>)
#include <jconfig.h>
#endif
#endif

namespace trtmap {
namespace image {

namespace {

// TJFLAG_STOPONWARNING and tjGetErrorCode arrived with libjpeg-turbo 2.0.
#if defined(TJFLAG_STOPONWARNING)
constexpr bool kHasErrorCodes = true;
#else
constexpr bool kHasErrorCodes = false;
#endif

struct HandleCloser {
  void operator()(void* handle) const { tjDestroy(static_cast<tjhandle>(handle)); }
};
using Handle = std::unique_ptr<void, HandleCloser>;

std::string lastError(tjhandle handle) {
#if defined(TJFLAG_STOPONWARNING)
  return tjGetErrorStr2(handle);
#else
  (void)handle;
  return tjGetErrorStr();
#endif
}

// libjpeg reports a truncated file only as a warning and fills the rest of
// the image with gray; trtmap treats that, and anything it cannot classify,
// as an error. Harmless warnings (extraneous bytes between markers) pass.
bool isFatal(tjhandle handle, const std::string& message) {
  if (message.find("Premature end of JPEG file") != std::string::npos) return true;
#if defined(TJFLAG_STOPONWARNING)
  if (kHasErrorCodes) return tjGetErrorCode(handle) != TJERR_WARNING;
#else
  (void)handle;
#endif
  return message.rfind("Corrupt JPEG data", 0) != 0;
}

[[noreturn]] void fail(const std::string& name, const std::string& why) {
  throw Error("ERR_DECODE", "Cannot decode JPEG " + name + ": " + why, name);
}

}  // namespace

DecodedImage decodeJpeg(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                        cuda::HostMemoryRequest memory) {
  Handle handle(tjInitDecompress());
  if (!handle) fail(name, "tjInitDecompress failed");
  tjhandle tj = static_cast<tjhandle>(handle.get());
  // TurboJPEG 1.5 takes a non-const buffer although it only reads it.
  unsigned char* input = const_cast<unsigned char*>(bytes);
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(tj, input, static_cast<unsigned long>(size), &width, &height,
                          &subsampling, &colorspace) != 0) {
    fail(name, lastError(tj));
  }
  if (width <= 0 || height <= 0 || std::int64_t(width) * height > kMaxPixels) {
    fail(name, "unsupported size " + std::to_string(width) + "x" + std::to_string(height));
  }
  if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) {
    fail(name, "CMYK JPEGs are not supported");
  }
  DecodedImage image;
  image.width = width;
  image.height = height;
  image.channels = 3;
  image.pixels = cuda::HostMemory::allocate(std::size_t(width) * height * 3, memory);
  if (tjDecompress2(tj, input, static_cast<unsigned long>(size), image.pixels->data(), width,
                    width * 3, height, TJPF_RGB, 0) != 0) {
    std::string message = lastError(tj);
    if (isFatal(tj, message)) fail(name, message);
  }
  return image;
}

std::string jpegLibraryVersion() {
#if defined(LIBJPEG_TURBO_VERSION)
#define TRTMAP_STRINGIFY2(x) #x
#define TRTMAP_STRINGIFY(x) TRTMAP_STRINGIFY2(x)
  return std::string("libjpeg-turbo ") + TRTMAP_STRINGIFY(LIBJPEG_TURBO_VERSION);
#else
  return kHasErrorCodes ? "libjpeg-turbo >= 2.0" : "libjpeg-turbo 1.5";
#endif
}

}  // namespace image
}  // namespace trtmap
