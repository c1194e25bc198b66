// JPEG (TurboJPEG) and PNG (libpng) decoding into HostMemory, to interleaved
// 8-bit RGB - or one gray channel when asked - as cv2.imread does it
// (IMREAD_COLOR / IMREAD_GRAYSCALE): CMYK and YCCK JPEGs converted as
// OpenCV converts them, 16-bit PNGs reduced to their high byte, alpha
// dropped, EXIF orientation applied. Other formats (WebP, GIF, BMP, TIFF,
// ...) are refused by name. Any malformed input throws ERR_DECODE naming the
// file; nothing here may abort the process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "cuda/host_memory.h"
#include "image/preprocess_spec.h"

namespace trtmap {
namespace image {

struct DecodedImage {
  std::shared_ptr<cuda::HostMemory> pixels;  // height * width * channels bytes
  int width = 0;
  int height = 0;
  int channels = 3;
  // The EXIF orientation found (1..8; 1 when there is none).
  int orientation = 1;
  // What the decoder recovered from, for the user (a truncated JPEG decodes
  // as far as its data goes, as cv2.imread decodes it); empty when nothing.
  std::string warning;
};

struct DecodeOptions {
  // 3: RGB. 1: the image loaded as gray, as stb_image (darknet's load_image
  // with c = 1) and cv2.imread(IMREAD_GRAYSCALE) load it: a YCbCr or gray
  // JPEG's own luma plane, any other image's RGB converted by
  // grayConversion (image/sampling.h grayOf).
  int channels = 3;
  GrayConversion grayConversion = GrayConversion::OpenCv;
  // cv2.imread applies EXIF orientation unless IMREAD_IGNORE_ORIENTATION.
  bool applyOrientation = true;
  // The largest image accepted, in pixels: a guard against decompression
  // bombs (the fuzzers lower it to keep each input fast).
  std::int64_t maxPixels = std::int64_t(1) << 28;
};

constexpr std::int64_t kMaxPixels = std::int64_t(1) << 28;

// `name` is what error messages call the input (a path, or "<buffer>").
DecodedImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                         cuda::HostMemoryRequest memory, const DecodeOptions& options = {});

DecodedImage decodeJpeg(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                        cuda::HostMemoryRequest memory, const DecodeOptions& options = {});
DecodedImage decodePng(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                       cuda::HostMemoryRequest memory, const DecodeOptions& options = {});

// An RGB image as one gray channel (grayOf), in new memory of the same kind.
DecodedImage rgbToGray(const DecodedImage& image, GrayConversion conversion,
                       cuda::HostMemoryRequest memory);

// Version strings of the libraries linked in, for `trtmap doctor`.
std::string jpegLibraryVersion();
std::string pngLibraryVersion();

}  // namespace image
}  // namespace trtmap
