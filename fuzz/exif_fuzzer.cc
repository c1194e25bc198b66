// The EXIF orientation readers on arbitrary bytes: as a TIFF block (PNG
// eXIf) and as a JPEG's marker segments. Any input gives 1..8.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "image/exif.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int tiff = trtmap::image::exifOrientation(data, size);
  const int jpeg = trtmap::image::jpegOrientation(data, size);
  if (tiff < 1 || tiff > 8 || jpeg < 1 || jpeg > 8) trtmap::fuzz::finding("orientation value");
  return 0;
}
