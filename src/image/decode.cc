#include "image/decode.h"

#include <cstring>

#include "core/error.h"

namespace trtmap {
namespace image {

DecodedImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                         cuda::HostMemoryRequest memory) {
  static const std::uint8_t kJpegMagic[] = {0xFF, 0xD8, 0xFF};
  static const std::uint8_t kPngMagic[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (size >= sizeof kJpegMagic && std::memcmp(bytes, kJpegMagic, sizeof kJpegMagic) == 0) {
    return decodeJpeg(bytes, size, name, memory);
  }
  if (size >= sizeof kPngMagic && std::memcmp(bytes, kPngMagic, sizeof kPngMagic) == 0) {
    return decodePng(bytes, size, name, memory);
  }
  throw Error("ERR_DECODE",
              "Cannot decode " + name + ": not a JPEG or PNG image (" + std::to_string(size) +
                  " bytes, unrecognised signature)",
              name);
}

}  // namespace image
}  // namespace trtmap
