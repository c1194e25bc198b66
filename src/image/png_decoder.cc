// libpng decoding. libpng reports errors by longjmp; it must never jump over
// a C++ frame with destructors, so everything between setjmp and the libpng
// calls lives in `readPng`, whose frame holds only plain data, and the C++
// objects (the output memory) are created by a callback that catches all.
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "image/decode.h"
#include "image/exif.h"
#include "image/orientation.h"

namespace trtmap {
namespace image {

namespace {

struct PngReadState {
  const std::uint8_t* bytes;
  std::size_t size;
  std::size_t position;
  // Filled by allocateRows (a C++ function that never throws).
  DecodedImage* image;
  cuda::HostMemoryRequest memory;
  std::int64_t maxPixels;
  std::vector<png_bytep>* rows;
  std::vector<std::uint8_t>* exif;  // the eXIf chunk before the image data, if any
  char message[256];
};

extern "C" void onPngError(png_structp png, png_const_charp message) {
  auto* state = static_cast<PngReadState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof state->message, "%s", message);
  png_longjmp(png, 1);
}

extern "C" void onPngWarning(png_structp, png_const_charp) {}

extern "C" void readFromMemory(png_structp png, png_bytep out, png_size_t length) {
  auto* state = static_cast<PngReadState*>(png_get_io_ptr(png));
  if (state->size - state->position < length) png_error(png, "file is truncated");
  std::memcpy(out, state->bytes + state->position, length);
  state->position += length;
}

// Returns false (and sets state->message) instead of throwing.
bool allocateRows(PngReadState* state, png_uint_32 width, png_uint_32 height) noexcept {
  try {
    if (std::int64_t(width) * height > state->maxPixels) {
      std::snprintf(state->message, sizeof state->message, "unsupported size %ux%u", width,
                    height);
      return false;
    }
    DecodedImage& image = *state->image;
    image.width = static_cast<int>(width);
    image.height = static_cast<int>(height);
    image.channels = 3;
    image.pixels = cuda::HostMemory::allocate(std::size_t(width) * height * 3, state->memory);
    state->rows->resize(height);
    for (png_uint_32 row = 0; row < height; ++row) {
      (*state->rows)[row] = image.pixels->data() + std::size_t(row) * width * 3;
    }
    return true;
  } catch (const std::exception& error) {
    std::snprintf(state->message, sizeof state->message, "%s", error.what());
    return false;
  }
}

// Copies the eXIf chunk (cv2.imread applies its orientation); never throws.
bool copyExif(PngReadState* state, png_structp png, png_infop info) noexcept {
#if defined(PNG_eXIf_SUPPORTED)
  try {
    png_uint_32 length = 0;
    png_bytep data = nullptr;
    if (png_get_eXIf_1(png, info, &length, &data) != 0 && data != nullptr) {
      state->exif->assign(data, data + length);
    }
  } catch (const std::exception& error) {
    std::snprintf(state->message, sizeof state->message, "%s", error.what());
    return false;
  }
#else
  (void)state;
  (void)png;
  (void)info;
#endif
  return true;
}

// Every 8- or 16-bit, gray or color, with or without alpha or palette, to RGB8.
void requestRgb8(png_structp png, png_infop info) {
  png_set_expand(png);  // palette -> RGB, gray < 8 bits -> 8 bits, tRNS -> alpha
  png_set_strip_16(png);  // the high byte, as cv2.imread(IMREAD_COLOR) and Pillow do
  png_set_strip_alpha(png);
  png_byte color = png_get_color_type(png, info);
  if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) {
    png_set_gray_to_rgb(png);
  }
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
}

bool readPng(PngReadState* state) {
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, state, onPngError, onPngWarning);
  if (png == nullptr) {
    std::snprintf(state->message, sizeof state->message, "png_create_read_struct failed");
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, state, readFromMemory);
  png_read_info(png, info);
  if (!copyExif(state, png, info)) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  requestRgb8(png, info);
  if (png_get_rowbytes(png, info) != std::size_t(png_get_image_width(png, info)) * 3) {
    png_error(png, "unexpected row size after conversion to RGB");
  }
  if (!allocateRows(state, png_get_image_width(png, info), png_get_image_height(png, info))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_read_image(png, state->rows->data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

}  // namespace

DecodedImage decodePng(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                       cuda::HostMemoryRequest memory, const DecodeOptions& options) {
  DecodedImage image;
  std::vector<png_bytep> rows;
  std::vector<std::uint8_t> exif;
  // A gray result is converted from RGB: the RGB rows need not be page-locked.
  cuda::HostMemoryRequest rgbMemory = memory;
  if (options.channels == 1) rgbMemory.pinned = rgbMemory.mapped = false;
  PngReadState state{bytes, size, 0, &image, rgbMemory, options.maxPixels, &rows, &exif, {0}};
  if (!readPng(&state)) {
    throw Error("ERR_DECODE", "Cannot decode PNG " + name + ": " + state.message, name);
  }
  if (options.channels == 1) image = rgbToGray(image, options.grayConversion, memory);
  image.orientation = exif.empty() ? 1 : exifOrientation(exif.data(), exif.size());
  return options.applyOrientation ? orientImage(image, image.orientation, memory) : image;
}

std::string pngLibraryVersion() { return std::string("libpng ") + PNG_LIBPNG_VER_STRING; }

}  // namespace image
}  // namespace trtmap
