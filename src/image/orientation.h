// EXIF orientation applied as OpenCV's imread does (loadsave.cpp
// ApplyExifOrientation): 2 flips left-right, 3 rotates 180, 4 flips
// top-bottom, 5 transposes, 6 transposes then flips left-right (90 degrees
// clockwise), 7 transposes then rotates 180, 8 transposes then flips
// top-bottom. Any other value leaves the image as stored.
#pragma once

#include "image/decode.h"

namespace trtmap {
namespace image {

// Returns `image` itself for orientation 1 (or an unknown value), else a new
// image in memory of the same kind.
DecodedImage orientImage(const DecodedImage& image, int orientation,
                         cuda::HostMemoryRequest memory);

}  // namespace image
}  // namespace trtmap
