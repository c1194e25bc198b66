// Encoding 8-bit RGB (or gray) pixels to PNG (libpng) or JPEG (TurboJPEG),
// for pictures people look at (`trtmap detect --save`). Throws ERR_INVALID_ARGUMENT
// for impossible sizes, ERR_INTERNAL when a library fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trtmap {
namespace image {

// `pixels`: height rows of width * channels bytes (channels 1 or 3).
std::vector<std::uint8_t> encodePng(const std::uint8_t* pixels, int width, int height,
                                    int channels);

// quality 1..100; 4:2:0 chroma subsampling for color (libjpeg's default),
// none for gray.
std::vector<std::uint8_t> encodeJpeg(const std::uint8_t* pixels, int width, int height,
                                     int channels, int quality);

}  // namespace image
}  // namespace trtmap
