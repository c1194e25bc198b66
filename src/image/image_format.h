// Recognizes an image file by its first bytes, so that a format trtmap does
// not decode is refused by name, with what to do, rather than as "corrupt".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace trtmap {
namespace image {

enum class ImageFormat { Jpeg, Png, WebP, Gif, Bmp, Tiff, Jpeg2000, Heif, Unknown };

ImageFormat identifyFormat(const std::uint8_t* bytes, std::size_t size);

// "WebP", "GIF", ...
const char* formatName(ImageFormat format);

// The ERR_DECODE message for a file that is not JPEG or PNG.
std::string unsupportedFormatMessage(ImageFormat format, const std::string& name,
                                     std::size_t size);

}  // namespace image
}  // namespace trtmap
