// One output pixel of the model input, every channel: the body of the CUDA
// preprocessing kernel, compiled for the device there and for the host in
// the fuzzer's differential check (fuzz/preprocess_fuzzer.cc), which holds
// it to the CPU path's bytes. C++14.
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#include <cuda_fp16.h>
#endif

#include "image/area_sampling.h"
#include "image/half.h"
#include "image/sampling.h"

namespace trtmap {
namespace image {

// The resized value of source channel `channel` at (x, y) of the resized image.
TRTMAP_HOST_DEVICE inline float resizedValue(const SourceImage& source,
                                             const ImagePlacement& placement,
                                             const PreprocessSpec& spec, int x, int y,
                                             int channel) {
  switch (placement.sampler) {
    case Sampler::Bilinear:
      return static_cast<float>(bilinearSample(source, placement, x, y, channel));
    case Sampler::Nearest: {
      int column = opencvNearestIndex(x, placement.opencvScaleX, placement.sourceWidth);
      int row = opencvNearestIndex(y, placement.opencvScaleY, placement.sourceHeight);
      return static_cast<float>(source.value(column, row, channel));
    }
    case Sampler::Area:
      return static_cast<float>(areaSample(source, placement, x, y, channel));
    case Sampler::AreaFast:
      return static_cast<float>(areaFastSample(source, placement, x, y, channel));
    case Sampler::Warp:
      return static_cast<float>(warpSample(source, placement, spec.padValue, x, y, channel));
    case Sampler::Darknet:
    default:
      return darknetSample(source, spec.darknetPixel, placement, x, y, channel);
  }
}

TRTMAP_HOST_DEVICE inline void storeElement(const PreprocessSpec& spec, void* output,
                                            long long index, float value, int byte) {
  if (spec.dtype == DType::Float16) {
#if defined(__CUDA_ARCH__)
    static_cast<__half*>(output)[index] = __float2half_rn(value);
#else
    static_cast<std::uint16_t*>(output)[index] = floatToHalfBits(value);
#endif
  } else if (spec.dtype == DType::UInt8) {
    static_cast<std::uint8_t*>(output)[index] = static_cast<std::uint8_t>(byte);
  } else {
    static_cast<float*>(output)[index] = value;
  }
}

// Output pixel (x, y) of one image's slice. `pixels` holds the decoded image
// (RGB8, or one gray channel when sourceChannels is 1): an RGB image for a
// one-channel input is converted per tap, a gray one for three channels read
// as R = G = B.
TRTMAP_HOST_DEVICE inline void preprocessPixel(const std::uint8_t* pixels, int sourceChannels,
                                               const ImagePlacement& placement,
                                               const PreprocessSpec& spec, void* output, int x,
                                               int y) {
  const int channels = channelsOf(spec);
  SourceImage source{pixels, placement.sourceWidth, placement.sourceHeight, sourceChannels,
                     channels == 1 && sourceChannels == 3, spec.grayConversion};
  const int localX = x - placement.offsetX, localY = y - placement.offsetY;
  const bool inside = localX >= 0 && localX < placement.resizedWidth && localY >= 0 &&
                      localY < placement.resizedHeight;
  float values[3];
  for (int channel = 0; channel < channels; ++channel) {
    values[channel] = inside ? resizedValue(source, placement, spec, localX, localY, channel)
                             : paddingValue(spec);
  }
  for (int channel = 0; channel < channels; ++channel) {
    const float value = values[sourceChannel(spec, channel)];
    // uint8: the value is a byte already (checkSpec: no 'darknet', integer padValue).
    const int byte = spec.dtype == DType::UInt8 ? static_cast<int>(value) : 0;
    storeElement(spec, output, outputIndex(spec, x, y, channel),
                 normalizeResized(spec, value, channel), byte);
  }
}

}  // namespace image
}  // namespace trtmap
