// The EXIF orientation cv2.imread applies (IMREAD_COLOR, since OpenCV 3.1):
// what imgcodecs/src/exif.cpp's ExifReader finds in the first APP1 segment
// of a JPEG, or in a PNG's eXIf chunk. Everything is bounds-checked: any
// input, however malformed, gives 1 (as stored) or a value 1..8.
#pragma once

#include <cstddef>
#include <cstdint>

namespace trtmap {
namespace image {

// The orientation tag (0x0112) of IFD0 of a TIFF-structured EXIF block
// ("II*\0" little-endian, else big-endian), as ExifReader::parseExif reads it: entries in
// order until one would read out of bounds, the first orientation entry
// wins, its value is the 16-bit word at entry + 8. 1 when absent or not 1..8.
int exifOrientation(const std::uint8_t* tiff, std::size_t size);

// A JPEG's orientation: OpenCV's JpegDecoder parses the first APP1 segment
// before the scan (whatever it holds) from its 7th byte on.
int jpegOrientation(const std::uint8_t* bytes, std::size_t size);

}  // namespace image
}  // namespace trtmap
