// Encoding arbitrary pixels: PNG must decode back to exactly the same bytes,
// JPEG must decode to an image of the same size.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz/fuzz_common.h"
#include "image/decode.h"
#include "image/encode.h"

using namespace trtmap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const int width = provider.ConsumeIntegralInRange<int>(1, 96);
  const int height = provider.ConsumeIntegralInRange<int>(1, 96);
  const int channels = provider.ConsumeBool() ? 3 : 1;
  const bool png = provider.ConsumeBool();
  const int quality = provider.ConsumeIntegralInRange<int>(1, 100);
  std::vector<std::uint8_t> pixels = provider.ConsumeRemainingBytes<std::uint8_t>();
  const std::size_t count = std::size_t(width) * height * channels;
  if (pixels.empty()) pixels.push_back(0);
  while (pixels.size() < count) pixels.insert(pixels.end(), pixels.begin(), pixels.end());
  pixels.resize(count);
  cuda::HostMemoryRequest memory;
  memory.pinned = false;
  image::DecodeOptions options;
  options.channels = channels;
  fuzz::refusalsOnly([&] {
    std::vector<std::uint8_t> encoded =
        png ? image::encodePng(pixels.data(), width, height, channels)
            : image::encodeJpeg(pixels.data(), width, height, channels, quality);
    image::DecodedImage back =
        image::decodeImage(encoded.data(), encoded.size(), "<encoded>", memory, options);
    if (back.width != width || back.height != height || back.channels != channels) {
      fuzz::finding("the encoded image decodes to another size");
    }
    if (png && std::memcmp(back.pixels->data(), pixels.data(), count) != 0) {
      fuzz::finding("PNG round trip changed the pixels");
    }
  });
  return 0;
}
