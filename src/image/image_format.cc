#include "image/image_format.h"

#include <cstring>

namespace trtmap {
namespace image {

namespace {

bool startsWith(const std::uint8_t* bytes, std::size_t size, const void* prefix,
                std::size_t length, std::size_t at = 0) {
  return size >= at + length && std::memcmp(bytes + at, prefix, length) == 0;
}

// "BM" is two letters: also require a DIB header of a size BMP defines.
bool isBmp(const std::uint8_t* bytes, std::size_t size) {
  if (!startsWith(bytes, size, "BM", 2) || size < 18) return false;
  std::uint32_t header = bytes[14] | (bytes[15] << 8) | (bytes[16] << 16) | (std::uint32_t(bytes[17]) << 24);
  return header == 12 || header == 16 || header == 40 || header == 52 || header == 56 ||
         header == 64 || header == 108 || header == 124;
}

}  // namespace

ImageFormat identifyFormat(const std::uint8_t* bytes, std::size_t size) {
  static const std::uint8_t kJpeg[] = {0xFF, 0xD8, 0xFF};
  static const std::uint8_t kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  static const std::uint8_t kJp2[] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '};
  static const std::uint8_t kJ2k[] = {0xFF, 0x4F, 0xFF, 0x51};
  if (bytes == nullptr) return ImageFormat::Unknown;
  if (startsWith(bytes, size, kJpeg, sizeof kJpeg)) return ImageFormat::Jpeg;
  if (startsWith(bytes, size, kPng, sizeof kPng)) return ImageFormat::Png;
  if (startsWith(bytes, size, "RIFF", 4) && startsWith(bytes, size, "WEBP", 4, 8)) {
    return ImageFormat::WebP;
  }
  if (startsWith(bytes, size, "GIF87a", 6) || startsWith(bytes, size, "GIF89a", 6)) {
    return ImageFormat::Gif;
  }
  if (isBmp(bytes, size)) return ImageFormat::Bmp;
  if (startsWith(bytes, size, "II*\0", 4) || startsWith(bytes, size, "MM\0*", 4)) {
    return ImageFormat::Tiff;
  }
  if (startsWith(bytes, size, kJp2, sizeof kJp2) || startsWith(bytes, size, kJ2k, sizeof kJ2k)) {
    return ImageFormat::Jpeg2000;
  }
  if (startsWith(bytes, size, "ftyp", 4, 4)) {
    for (const char* brand : {"heic", "heix", "hevc", "mif1", "msf1", "avif", "avis"}) {
      if (startsWith(bytes, size, brand, 4, 8)) return ImageFormat::Heif;
    }
  }
  return ImageFormat::Unknown;
}

const char* formatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::Jpeg: return "JPEG";
    case ImageFormat::Png: return "PNG";
    case ImageFormat::WebP: return "WebP";
    case ImageFormat::Gif: return "GIF";
    case ImageFormat::Bmp: return "BMP";
    case ImageFormat::Tiff: return "TIFF";
    case ImageFormat::Jpeg2000: return "JPEG 2000";
    case ImageFormat::Heif: return "HEIF/AVIF";
    case ImageFormat::Unknown:
    default: return "unknown";
  }
}

std::string unsupportedFormatMessage(ImageFormat format, const std::string& name,
                                     std::size_t size) {
  if (format == ImageFormat::Unknown) {
    return "Cannot decode " + name + ": not a JPEG or PNG image (" + std::to_string(size) +
           " bytes, unrecognised signature)";
  }
  return "Cannot decode " + name + ": it is a " + formatName(format) +
         " image, and trtmap reads only JPEG and PNG; convert it first (e.g. "
         "`python3 -c \"import sys; from PIL import Image; Image.open(sys.argv[1]).convert('RGB')"
         ".save(sys.argv[2])\" in out.png`, or ImageMagick `convert in out.png`)";
}

}  // namespace image
}  // namespace trtmap
