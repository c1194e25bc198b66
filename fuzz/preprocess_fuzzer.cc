// Every preprocessing entry point with fuzzed spec fields (in-range and not:
// unknown enum values, NaN and infinite numbers, odd sizes): checkSpec must
// refuse what the kernels cannot take, and for every spec it accepts,
// placeImage and preprocessOnCpu must stay inside their buffers (ASan) and
// give exactly the bytes of the CUDA kernel's per-pixel code compiled for
// the host (image/preprocess_pixel.h): a differential check of the two paths.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz/fuzz_common.h"
#include "image/placement.h"
#include "image/preprocess_cpu.h"
#include "image/preprocess_pixel.h"

using namespace trtmap;

namespace {

float fuzzedNumber(FuzzedDataProvider& provider) {
  static const float kInteresting[] = {0.0f, 1.0f, 1.0f / 255.0f, 114.0f, 127.5f, 255.0f,
                                       -1.0f, 0.5f, 1e30f, -1e-30f,
                                       std::numeric_limits<float>::quiet_NaN(),
                                       std::numeric_limits<float>::infinity()};
  if (provider.ConsumeBool()) return provider.PickValueInArray(kInteresting);
  return provider.ConsumeFloatingPoint<float>();
}

template <typename Enum>
Enum fuzzedEnum(FuzzedDataProvider& provider, int count) {
  // Mostly valid values, sometimes one past either end.
  return static_cast<Enum>(provider.ConsumeIntegralInRange<int>(-1, count));
}

image::PreprocessSpec fuzzedSpec(FuzzedDataProvider& provider) {
  image::PreprocessSpec spec{};
  spec.width = provider.ConsumeIntegralInRange<int>(-1, 64);
  spec.height = provider.ConsumeIntegralInRange<int>(-1, 64);
  spec.resize = fuzzedEnum<image::ResizeMode>(provider, 3);
  spec.centered = provider.ConsumeBool();
  spec.rounding = fuzzedEnum<image::SizeRounding>(provider, 5);
  spec.scaleUp = provider.ConsumeBool();
  spec.padValue = fuzzedNumber(provider);
  spec.interpolation = fuzzedEnum<image::Interpolation>(provider, 4);
  spec.channels = provider.ConsumeIntegralInRange<int>(0, 4);
  spec.grayConversion = fuzzedEnum<image::GrayConversion>(provider, 2);
  spec.bgr = provider.ConsumeBool();
  const double scale = fuzzedNumber(provider);
  spec.scale = static_cast<float>(scale);
  for (int channel = 0; channel < 3; ++channel) {
    spec.mean[channel] = fuzzedNumber(provider);
    spec.std[channel] = fuzzedNumber(provider);
  }
  spec.layout = fuzzedEnum<image::Layout>(provider, 2);
  spec.dtype = fuzzedEnum<image::DType>(provider, 3);
  image::setDarknetScaling(spec, scale);
  return spec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  const image::PreprocessSpec spec = fuzzedSpec(provider);
  const int width = provider.ConsumeIntegralInRange<int>(1, 96);
  const int height = provider.ConsumeIntegralInRange<int>(1, 96);
  const int sourceChannels = provider.ConsumeBool() ? 3 : 1;
  std::vector<std::uint8_t> pixels = provider.ConsumeRemainingBytes<std::uint8_t>();
  const std::size_t sourceBytes = std::size_t(width) * height * sourceChannels;
  if (pixels.empty()) pixels.push_back(127);
  while (pixels.size() < sourceBytes) pixels.insert(pixels.end(), pixels.begin(), pixels.end());
  pixels.resize(sourceBytes);  // exact: ASan sees any read past the image

  fuzz::refusalsOnly([&] {
    image::checkSpec(spec);
    const image::ImagePlacement placement = image::placeImage(spec, width, height);
    if (placement.resizedWidth < 1 || placement.resizedWidth > spec.width ||
        placement.resizedHeight < 1 || placement.resizedHeight > spec.height ||
        placement.offsetX < 0 || placement.offsetX + placement.resizedWidth > spec.width ||
        placement.offsetY < 0 || placement.offsetY + placement.resizedHeight > spec.height) {
      fuzz::finding("placement outside the input");
    }
    const std::size_t outputBytes = std::size_t(spec.width) * spec.height *
                                    image::channelsOf(spec) * image::bytesPerElement(spec);
    std::vector<std::uint8_t> cpu(outputBytes), kernel(outputBytes);
    image::preprocessOnCpu(pixels.data(), sourceChannels, placement, spec, cpu.data());
    for (int y = 0; y < spec.height; ++y) {
      for (int x = 0; x < spec.width; ++x) {
        image::preprocessPixel(pixels.data(), sourceChannels, placement, spec, kernel.data(), x, y);
      }
    }
    if (std::memcmp(cpu.data(), kernel.data(), outputBytes) != 0) {
      fuzz::finding("the CPU path and the kernel's per-pixel code differ");
    }
  });
  return 0;
}
