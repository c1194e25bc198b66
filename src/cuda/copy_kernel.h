// C++14 interface to the copy kernel (src/cuda/copy_kernel.cu).
#pragma once

#if TRTMAP_HAS_CUDA
#include <cstddef>

#include <cuda_runtime_api.h>

namespace trtmap {
namespace cuda {

void launchCopyKernel(void* destination, const void* source, std::size_t bytes,
                      cudaStream_t stream);

}  // namespace cuda
}  // namespace trtmap
#endif
