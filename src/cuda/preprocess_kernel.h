// C++14 interface to the preprocessing kernel (src/cuda/preprocess_kernel.cu):
// the same semantics as image::preprocessOnCpu, on the device.
#pragma once

#if TRTMAP_HAS_CUDA
#include <cstdint>

#include <cuda_runtime_api.h>

#include "image/preprocess_spec.h"

namespace trtmap {
namespace cuda {

// `source` (RGB8 interleaved, or one gray channel when sourceChannels is 1)
// and `output` (this image's slice) are device addresses; `source` may be
// mapped host memory.
void launchPreprocessKernel(const std::uint8_t* source, int sourceChannels,
                            const image::ImagePlacement& placement,
                            const image::PreprocessSpec& spec, void* output, cudaStream_t stream);

}  // namespace cuda
}  // namespace trtmap
#endif
