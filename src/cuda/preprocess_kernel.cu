// One thread per output pixel: image/preprocess_pixel.h, whose arithmetic
// (image/sampling.h, image/area_sampling.h) the CPU path shares.
#include "cuda/preprocess_kernel.h"

#include "image/preprocess_pixel.h"

namespace trtmap {
namespace cuda {

namespace {

__global__ void preprocess(const std::uint8_t* pixels, int sourceChannels,
                           image::ImagePlacement placement, image::PreprocessSpec spec,
                           void* output) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= spec.width || y >= spec.height) return;
  image::preprocessPixel(pixels, sourceChannels, placement, spec, output, x, y);
}

}  // namespace

void launchPreprocessKernel(const std::uint8_t* source, int sourceChannels,
                            const image::ImagePlacement& placement,
                            const image::PreprocessSpec& spec, void* output,
                            cudaStream_t stream) {
  dim3 threads(32, 8);
  dim3 blocks((spec.width + threads.x - 1) / threads.x, (spec.height + threads.y - 1) / threads.y);
  preprocess<<<blocks, threads, 0, stream>>>(source, sourceChannels, placement, spec, output);
}

}  // namespace cuda
}  // namespace trtmap
