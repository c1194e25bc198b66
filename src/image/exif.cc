#include "image/exif.h"

namespace trtmap {
namespace image {

namespace {

// ExifReader's accessors: each read throws (here: fails) past the end.
class ExifBytes {
 public:
  ExifBytes(const std::uint8_t* data, std::size_t size, bool intel)
      : data_(data), size_(size), intel_(intel) {}

  bool u16(std::size_t offset, std::uint32_t& value) const {
    if (offset + 1 >= size_ || offset + 1 < offset) return false;
    value = intel_ ? data_[offset] | (data_[offset + 1] << 8)
                   : (data_[offset] << 8) | data_[offset + 1];
    return true;
  }

  bool u32(std::size_t offset, std::uint32_t& value) const {
    if (offset + 3 >= size_ || offset + 3 < offset) return false;
    const std::uint32_t b0 = data_[offset], b1 = data_[offset + 1], b2 = data_[offset + 2],
                        b3 = data_[offset + 3];
    value = intel_ ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)
                   : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
    return true;
  }

  // getURational, `count` times from the offset stored at entry + 8.
  bool rationals(std::size_t entry, int count) const {
    std::uint32_t offset = 0, value = 0;
    if (!u32(entry + 8, offset)) return false;
    for (int index = 0; index < count; ++index) {
      std::size_t at = std::size_t(offset) + std::size_t(index) * 8;
      if (!u32(at, value) || !u32(at + 4, value)) return false;
    }
    return true;
  }

  // getString: the data sits at absolute offset 8 when it fits in 4 bytes
  // (ExifReader's own convention), else at the stored offset.
  bool string(std::size_t entry) const {
    std::uint32_t length = 0, offset = 8;
    if (!u32(entry + 4, length)) return false;
    if (length > 4 && !u32(entry + 8, offset)) return false;
    return offset <= size_ && std::size_t(offset) + length <= size_;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  bool intel_;
};

// Whether ExifReader::parseExifEntry would read this entry without throwing.
bool entryReadable(const ExifBytes& bytes, std::size_t entry, std::uint32_t tag) {
  std::uint32_t ignored = 0;
  switch (tag) {
    case 0x010E: case 0x010F: case 0x0110: case 0x0131: case 0x0132: case 0x8298:
      return bytes.string(entry);
    case 0x0112: case 0x0128: case 0x0213:
      return bytes.u16(entry + 8, ignored);
    case 0x011A: case 0x011B:
      return bytes.rationals(entry, 1);
    case 0x013E:
      return bytes.rationals(entry, 2);
    case 0x0211:
      return bytes.rationals(entry, 3);
    case 0x013F: case 0x0214:
      return bytes.rationals(entry, 6);
    default:
      return true;
  }
}

}  // namespace

int exifOrientation(const std::uint8_t* tiff, std::size_t size) {
  if (tiff == nullptr || size == 0) return 1;
  // ExifReader::getFormat: "II" is little-endian; anything else is read
  // big-endian (it does not stop at an unknown byte order).
  const ExifBytes bytes(tiff, size, size > 1 && tiff[0] == 'I' && tiff[1] == 'I');
  std::uint32_t mark = 0, offset = 0, entries = 0;
  if (!bytes.u16(2, mark) || mark != 0x002A) return 1;
  if (!bytes.u32(4, offset) || !bytes.u16(offset, entries)) return 1;
  std::size_t entry = std::size_t(offset) + 2;
  for (std::uint32_t index = 0; index < entries; ++index, entry += 12) {
    std::uint32_t tag = 0, value = 0;
    if (!bytes.u16(entry, tag) || !entryReadable(bytes, entry, tag)) return 1;
    if (tag == 0x0112) {
      bytes.u16(entry + 8, value);
      return value >= 1 && value <= 8 ? int(value) : 1;
    }
  }
  return 1;
}

int jpegOrientation(const std::uint8_t* bytes, std::size_t size) {
  if (size < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return 1;
  std::size_t position = 2;
  while (position + 4 <= size) {
    if (bytes[position] != 0xFF) return 1;  // not a marker: libjpeg would give up too
    const std::uint8_t marker = bytes[position + 1];
    if (marker == 0xFF) {  // fill byte
      ++position;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      position += 2;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) return 1;  // start of scan, end of image
    const std::size_t length = (std::size_t(bytes[position + 2]) << 8) | bytes[position + 3];
    if (length < 2 || position + 2 + length > size) return 1;
    if (marker == 0xE1) {
      const std::uint8_t* payload = bytes + position + 4;
      const std::size_t payloadSize = length - 2;
      return payloadSize > 6 ? exifOrientation(payload + 6, payloadSize - 6) : 1;
    }
    position += 2 + length;
  }
  return 1;
}

}  // namespace image
}  // namespace trtmap
