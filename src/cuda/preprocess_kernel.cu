// One thread per output pixel (every channel). The arithmetic is
// image/sampling.h and image/area_sampling.h, shared with the CPU reference;
// an RGB image for a one-channel input converts each tap to gray as it reads
// it, a gray image for three channels is read as R = G = B (the CPU converts
// whole images first: the same values).
#include "cuda/preprocess_kernel.h"

#include <cuda_fp16.h>

#include "image/area_sampling.h"
#include "image/sampling.h"

namespace trtmap {
namespace cuda {

namespace {

using image::DType;
using image::ImagePlacement;
using image::PreprocessSpec;
using image::Sampler;
using image::SourceImage;

// The resized value of source channel `channel` at (x, y) of the resized image.
__device__ float resizedValue(const SourceImage& source, const ImagePlacement& placement,
                              const PreprocessSpec& spec, int x, int y, int channel) {
  switch (placement.sampler) {
    case Sampler::Bilinear:
      return static_cast<float>(image::bilinearSample(source, placement, x, y, channel));
    case Sampler::Nearest: {
      int column = image::opencvNearestIndex(x, placement.opencvScaleX, placement.sourceWidth);
      int row = image::opencvNearestIndex(y, placement.opencvScaleY, placement.sourceHeight);
      return static_cast<float>(image::sourceValue(source, column, row, channel));
    }
    case Sampler::Area:
      return static_cast<float>(image::areaSample(source, placement, x, y, channel));
    case Sampler::AreaFast:
      return static_cast<float>(image::areaFastSample(source, placement, x, y, channel));
    case Sampler::Darknet:
    default:
      return image::darknetSample(source, spec.darknetPixel, placement, x, y, channel);
  }
}

__device__ void store(const PreprocessSpec& spec, void* output, long long index, float value,
                      int byte) {
  if (spec.dtype == DType::Float16) {
    static_cast<__half*>(output)[index] = __float2half_rn(value);
  } else if (spec.dtype == DType::UInt8) {
    static_cast<std::uint8_t*>(output)[index] = static_cast<std::uint8_t>(byte);
  } else {
    static_cast<float*>(output)[index] = value;
  }
}

__global__ void preprocess(const std::uint8_t* pixels, int sourceChannels,
                           ImagePlacement placement, PreprocessSpec spec, void* output) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= spec.width || y >= spec.height) return;
  const int channels = image::channelsOf(spec);
  SourceImage source{pixels, placement.sourceWidth, placement.sourceHeight, sourceChannels,
                     channels == 1 && sourceChannels == 3, spec.grayConversion};
  int localX = x - placement.offsetX, localY = y - placement.offsetY;
  bool inside = localX >= 0 && localX < placement.resizedWidth && localY >= 0 &&
                localY < placement.resizedHeight;
  float values[3];
  for (int channel = 0; channel < channels; ++channel) {
    values[channel] = inside ? resizedValue(source, placement, spec, localX, localY, channel)
                             : image::paddingValue(spec);
  }
  for (int channel = 0; channel < channels; ++channel) {
    float value = values[image::sourceChannel(spec, channel)];
    // uint8: the value is a byte already (checkSpec: no 'darknet', integer padValue).
    int byte = spec.dtype == DType::UInt8 ? static_cast<int>(value) : 0;
    store(spec, output, image::outputIndex(spec, x, y, channel),
          image::normalizeResized(spec, value, channel), byte);
  }
}

}  // namespace

void launchPreprocessKernel(const std::uint8_t* source, int sourceChannels,
                            const ImagePlacement& placement, const PreprocessSpec& spec,
                            void* output, cudaStream_t stream) {
  dim3 threads(32, 8);
  dim3 blocks((spec.width + threads.x - 1) / threads.x, (spec.height + threads.y - 1) / threads.y);
  preprocess<<<blocks, threads, 0, stream>>>(source, sourceChannels, placement, spec, output);
}

}  // namespace cuda
}  // namespace trtmap
