#include "image/decode.h"

#include "core/error.h"
#include "image/image_format.h"
#include "image/sampling.h"

namespace trtmap {
namespace image {

DecodedImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                         cuda::HostMemoryRequest memory, const DecodeOptions& options) {
  if (options.channels != 1 && options.channels != 3) {
    throw invalidArgument("channels must be 1 or 3");
  }
  const ImageFormat format = identifyFormat(bytes, size);
  if (format == ImageFormat::Jpeg) return decodeJpeg(bytes, size, name, memory, options);
  if (format == ImageFormat::Png) return decodePng(bytes, size, name, memory, options);
  throw Error("ERR_DECODE", unsupportedFormatMessage(format, name, size), name);
}

DecodedImage rgbToGray(const DecodedImage& image, GrayConversion conversion,
                       cuda::HostMemoryRequest memory) {
  DecodedImage gray = image;
  gray.channels = 1;
  const std::size_t count = std::size_t(image.width) * image.height;
  gray.pixels = cuda::HostMemory::allocate(count, memory);
  const std::uint8_t* rgb = image.pixels->data();
  std::uint8_t* out = gray.pixels->data();
  for (std::size_t index = 0; index < count; ++index, rgb += 3) {
    out[index] = static_cast<std::uint8_t>(grayOf(conversion, rgb[0], rgb[1], rgb[2]));
  }
  return gray;
}

}  // namespace image
}  // namespace trtmap
