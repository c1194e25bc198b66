// libpng reports errors by longjmp: as in png_decoder.cc, the frame that
// calls setjmp (writePng) holds only plain data, and the output vector is
// grown by a callback that catches everything.
#include "image/encode.h"

#include <png.h>
#include <turbojpeg.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "core/error.h"
#include "image/decode.h"

namespace trtmap {
namespace image {

namespace {

void checkSize(int width, int height, int channels) {
  if (width <= 0 || height <= 0 || std::int64_t(width) * height > kMaxPixels ||
      (channels != 1 && channels != 3)) {
    throw invalidArgument("cannot encode an image of " + std::to_string(width) + "x" +
                          std::to_string(height) + "x" + std::to_string(channels));
  }
}

struct PngWriteState {
  std::vector<std::uint8_t>* output;
  bool failed;
  char message[256];
};

extern "C" void onPngWriteError(png_structp png, png_const_charp message) {
  auto* state = static_cast<PngWriteState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof state->message, "%s", message);
  png_longjmp(png, 1);
}

extern "C" void onPngWriteWarning(png_structp, png_const_charp) {}

// Appends to the vector; a failure to grow it becomes a libpng error.
extern "C" void writeToMemory(png_structp png, png_bytep data, png_size_t length) {
  auto* state = static_cast<PngWriteState*>(png_get_io_ptr(png));
  try {
    state->output->insert(state->output->end(), data, data + length);
  } catch (...) {
    state->failed = true;
  }
  if (state->failed) png_error(png, "out of memory");
}

extern "C" void flushMemory(png_structp) {}

bool writePng(PngWriteState* state, const std::uint8_t* pixels, int width, int height,
              int channels) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, state, onPngWriteError,
                                            onPngWriteWarning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, state, writeToMemory, flushMemory);
  png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8,
               channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  const std::size_t stride = std::size_t(width) * channels;
  for (int row = 0; row < height; ++row) {
    png_write_row(png, const_cast<png_bytep>(pixels + stride * row));
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

struct TurboFree {
  void operator()(unsigned char* buffer) const { tjFree(buffer); }
};

struct HandleCloser {
  void operator()(void* handle) const { tjDestroy(static_cast<tjhandle>(handle)); }
};

}  // namespace

std::vector<std::uint8_t> encodePng(const std::uint8_t* pixels, int width, int height,
                                    int channels) {
  checkSize(width, height, channels);
  std::vector<std::uint8_t> output;
  PngWriteState state{&output, false, {0}};
  if (!writePng(&state, pixels, width, height, channels)) {
    throw Error("ERR_INTERNAL", std::string("PNG encoding failed: ") + state.message);
  }
  return output;
}

std::vector<std::uint8_t> encodeJpeg(const std::uint8_t* pixels, int width, int height,
                                     int channels, int quality) {
  checkSize(width, height, channels);
  if (quality < 1 || quality > 100) throw invalidArgument("JPEG quality must be 1..100");
  std::unique_ptr<void, HandleCloser> handle(tjInitCompress());
  if (!handle) throw Error("ERR_INTERNAL", "tjInitCompress failed");
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  // TurboJPEG 1.5 takes a non-const source although it only reads it.
  int status = tjCompress2(static_cast<tjhandle>(handle.get()),
                           const_cast<unsigned char*>(pixels), width, width * channels, height,
                           channels == 1 ? TJPF_GRAY : TJPF_RGB, &buffer, &size,
                           channels == 1 ? TJSAMP_GRAY : TJSAMP_420, quality, 0);
  std::unique_ptr<unsigned char, TurboFree> owned(buffer);
  if (status != 0) {
#if defined(TJFLAG_STOPONWARNING)  // libjpeg-turbo >= 2.0
    const char* why = tjGetErrorStr2(static_cast<tjhandle>(handle.get()));
#else
    const char* why = tjGetErrorStr();
#endif
    throw Error("ERR_INTERNAL", std::string("JPEG encoding failed: ") + why);
  }
  return std::vector<std::uint8_t>(buffer, buffer + size);
}

}  // namespace image
}  // namespace trtmap
