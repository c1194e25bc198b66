// One thread per output pixel (all three channels). The arithmetic is
// image/sampling.h, shared with the CPU reference.
#include "cuda/preprocess_kernel.h"

#include <cuda_fp16.h>

#include "image/sampling.h"

namespace trtmap {
namespace cuda {

namespace {

using image::DType;
using image::ImagePlacement;
using image::Interpolation;
using image::PreprocessSpec;

__device__ void resizedPixel(const std::uint8_t* source, const ImagePlacement& placement,
                             const PreprocessSpec& spec, int x, int y, float values[3]) {
  if (spec.interpolation == Interpolation::Bilinear) {
    image::LinearTap column = image::opencvLinearTap(x, placement.opencvScaleX,
                                                     placement.sourceWidth);
    image::LinearTap row = image::opencvLinearTap(y, placement.opencvScaleY,
                                                  placement.sourceHeight);
    const long long stride = static_cast<long long>(placement.sourceWidth) * 3;
    const std::uint8_t* line0 = source + row.index0 * stride;
    const std::uint8_t* line1 = source + row.index1 * stride;
    for (int channel = 0; channel < 3; ++channel) {
      int left = column.index0 * 3 + channel, right = column.index1 * 3 + channel;
      int top = line0[left] * column.weight0 + line0[right] * column.weight1;
      int bottom = line1[left] * column.weight0 + line1[right] * column.weight1;
      values[channel] = static_cast<float>(
          image::opencvVerticalBlend(top, bottom, row.weight0, row.weight1));
    }
  } else if (spec.interpolation == Interpolation::Nearest) {
    int column = image::opencvNearestIndex(x, placement.opencvScaleX, placement.sourceWidth);
    int row = image::opencvNearestIndex(y, placement.opencvScaleY, placement.sourceHeight);
    const std::uint8_t* pixel =
        source + (static_cast<long long>(row) * placement.sourceWidth + column) * 3;
    for (int channel = 0; channel < 3; ++channel) values[channel] = pixel[channel];
  } else {
    for (int channel = 0; channel < 3; ++channel) {
      values[channel] = image::darknetSample(source, spec.darknetPixel, placement, x, y, channel);
    }
  }
}

__global__ void preprocess(const std::uint8_t* source, ImagePlacement placement,
                           PreprocessSpec spec, void* output) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= spec.width || y >= spec.height) return;
  int localX = x - placement.offsetX, localY = y - placement.offsetY;
  const float pad = image::paddingValue(spec);
  float values[3] = {pad, pad, pad};
  if (localX >= 0 && localX < placement.resizedWidth && localY >= 0 &&
      localY < placement.resizedHeight) {
    resizedPixel(source, placement, spec, localX, localY, values);
  }
  for (int channel = 0; channel < 3; ++channel) {
    float value =
        image::normalizeResized(spec, values[image::sourceChannel(spec, channel)], channel);
    long long index = image::outputIndex(spec, x, y, channel);
    if (spec.dtype == DType::Float16) {
      static_cast<__half*>(output)[index] = __float2half_rn(value);
    } else {
      static_cast<float*>(output)[index] = value;
    }
  }
}

}  // namespace

void launchPreprocessKernel(const std::uint8_t* source, const ImagePlacement& placement,
                            const PreprocessSpec& spec, void* output, cudaStream_t stream) {
  dim3 threads(32, 8);
  dim3 blocks((spec.width + threads.x - 1) / threads.x, (spec.height + threads.y - 1) / threads.y);
  preprocess<<<blocks, threads, 0, stream>>>(source, placement, spec, output);
}

}  // namespace cuda
}  // namespace trtmap
