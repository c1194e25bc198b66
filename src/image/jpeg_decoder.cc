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
#include <vector>

#include "core/error.h"
#include "image/decode.h"
#include "image/exif.h"
#include "image/orientation.h"

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

// libjpeg reports a truncated file only as a warning (JWRN_JPEG_EOF), inserts
// an EOI marker and decodes the missing rows as it would with no more data.
// cv2.imread returns that image (OpenCV only prints libjpeg's warning), so
// trtmap returns it too, with a warning for the user (isTruncation). Anything
// it cannot classify is an error; harmless warnings (extraneous bytes
// between markers) pass.
bool isTruncation(const std::string& message) {
  return message.find("Premature end of JPEG file") != std::string::npos;
}

bool isFatal(tjhandle handle, const std::string& message) {
  if (isTruncation(message)) return false;
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

// OpenCV's icvCvt_CMYK2BGR_8u_C4C3R (imgcodecs/src/utils.cpp) on libjpeg's
// CMYK output (Adobe files store it inverted; libjpeg hands it over as stored,
// and turns YCCK into that CMYK): R = K - ((255 - C) * K >> 8), likewise G
// from M and B from Y.
void cmykToRgb(const std::uint8_t* cmyk, std::size_t pixels, std::uint8_t* rgb) {
  for (std::size_t index = 0; index < pixels; ++index, cmyk += 4, rgb += 3) {
    const int k = cmyk[3];
    rgb[0] = static_cast<std::uint8_t>(k - ((255 - cmyk[0]) * k >> 8));
    rgb[1] = static_cast<std::uint8_t>(k - ((255 - cmyk[1]) * k >> 8));
    rgb[2] = static_cast<std::uint8_t>(k - ((255 - cmyk[2]) * k >> 8));
  }
}

// Returns the warning the user should see (a truncated file), or "".
std::string decompress(tjhandle tj, const std::string& name, unsigned char* input,
                       std::size_t size, std::uint8_t* output, int width, int height,
                       int pixelFormat, int pixelBytes) {
  if (tjDecompress2(tj, input, static_cast<unsigned long>(size), output, width,
                    width * pixelBytes, height, pixelFormat, 0) != 0) {
    std::string message = lastError(tj);
    if (isFatal(tj, message)) fail(name, message);
    if (isTruncation(message)) {
      return "truncated JPEG (" + message +
             "): decoded as far as its data goes, the rest as libjpeg fills it, as cv2.imread "
             "does";
    }
  }
  return "";
}

}  // namespace

DecodedImage decodeJpeg(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                        cuda::HostMemoryRequest memory, const DecodeOptions& options) {
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
  if (width <= 0 || height <= 0 || std::int64_t(width) * height > options.maxPixels) {
    fail(name, "unsupported size " + std::to_string(width) + "x" + std::to_string(height));
  }
  const std::size_t pixels = std::size_t(width) * height;
  const bool cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;
  // A YCbCr or gray JPEG loaded as gray is its own luma plane (libjpeg's
  // grayscale output; what stb_image and IMREAD_GRAYSCALE return).
  const bool lumaPlane = options.channels == 1 && (colorspace == TJCS_YCbCr || colorspace == TJCS_GRAY);
  DecodedImage image;
  image.width = width;
  image.height = height;
  image.channels = lumaPlane ? 1 : 3;
  std::string warning;
  if (lumaPlane) {
    image.pixels = cuda::HostMemory::allocate(pixels, memory);
    warning = decompress(tj, name, input, size, image.pixels->data(), width, height, TJPF_GRAY, 1);
  } else if (cmyk) {
    std::vector<std::uint8_t> stored(pixels * 4);
    warning = decompress(tj, name, input, size, stored.data(), width, height, TJPF_CMYK, 4);
    image.pixels = cuda::HostMemory::allocate(pixels * 3, memory);
    cmykToRgb(stored.data(), pixels, image.pixels->data());
  } else {
    image.pixels = cuda::HostMemory::allocate(pixels * 3, memory);
    warning = decompress(tj, name, input, size, image.pixels->data(), width, height, TJPF_RGB, 3);
  }
  if (options.channels == 1 && image.channels == 3) {
    image = rgbToGray(image, options.grayConversion, memory);
  }
  image.orientation = jpegOrientation(bytes, size);
  DecodedImage result =
      options.applyOrientation ? orientImage(image, image.orientation, memory) : image;
  result.warning = warning;
  return result;
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
