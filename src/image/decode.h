// JPEG (TurboJPEG) and PNG (libpng) decoding into HostMemory, always to
// interleaved 8-bit RGB. Any malformed input throws ERR_DECODE naming the
// file; nothing here may abort the process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "cuda/host_memory.h"

namespace trtmap {
namespace image {

struct DecodedImage {
  std::shared_ptr<cuda::HostMemory> pixels;  // height * width * channels bytes
  int width = 0;
  int height = 0;
  int channels = 3;
};

// The largest image accepted, in pixels: a guard against decompression bombs.
constexpr std::int64_t kMaxPixels = std::int64_t(1) << 28;

// `name` is what error messages call the input (a path, or "<buffer>").
DecodedImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                         cuda::HostMemoryRequest memory);

DecodedImage decodeJpeg(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                        cuda::HostMemoryRequest memory);
DecodedImage decodePng(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                       cuda::HostMemoryRequest memory);

// Version strings of the libraries linked in, for `trtmap doctor`.
std::string jpegLibraryVersion();
std::string pngLibraryVersion();

}  // namespace image
}  // namespace trtmap
