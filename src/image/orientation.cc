#include "image/orientation.h"

#include <cstring>

namespace trtmap {
namespace image {

namespace {

// The source pixel of output pixel (x, y); `width` and `height` are the
// stored (source) image's.
inline void sourceOf(int orientation, int x, int y, int width, int height, int& sourceX,
                     int& sourceY) {
  switch (orientation) {
    case 2: sourceX = width - 1 - x; sourceY = y; break;
    case 3: sourceX = width - 1 - x; sourceY = height - 1 - y; break;
    case 4: sourceX = x; sourceY = height - 1 - y; break;
    case 5: sourceX = y; sourceY = x; break;
    case 6: sourceX = y; sourceY = height - 1 - x; break;
    case 7: sourceX = width - 1 - y; sourceY = height - 1 - x; break;
    case 8: sourceX = width - 1 - y; sourceY = x; break;
    default: sourceX = x; sourceY = y; break;
  }
}

}  // namespace

DecodedImage orientImage(const DecodedImage& image, int orientation,
                         cuda::HostMemoryRequest memory) {
  if (orientation < 2 || orientation > 8) return image;
  const bool transposed = orientation >= 5;
  DecodedImage oriented;
  oriented.channels = image.channels;
  oriented.width = transposed ? image.height : image.width;
  oriented.height = transposed ? image.width : image.height;
  oriented.orientation = orientation;
  const std::size_t pixel = std::size_t(image.channels);
  oriented.pixels = cuda::HostMemory::allocate(
      std::size_t(oriented.width) * oriented.height * pixel, memory);
  const std::uint8_t* source = image.pixels->data();
  std::uint8_t* out = oriented.pixels->data();
  for (int y = 0; y < oriented.height; ++y) {
    for (int x = 0; x < oriented.width; ++x) {
      int sourceX = 0, sourceY = 0;
      sourceOf(orientation, x, y, image.width, image.height, sourceX, sourceY);
      std::memcpy(out, source + (std::size_t(sourceY) * image.width + sourceX) * pixel, pixel);
      out += pixel;
    }
  }
  return oriented;
}

}  // namespace image
}  // namespace trtmap
