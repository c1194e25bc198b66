// A copy done by threads rather than the copy engine: how a kernel reads
// mapped host memory directly (the zero-copy path of integrated GPUs), and a
// way to measure it against cudaMemcpyAsync.
#include "cuda/copy_kernel.h"

#include <cstdint>

namespace trtmap {
namespace cuda {

namespace {

__global__ void copyWords(uint4* destination, const uint4* source, std::size_t words) {
  std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
  for (std::size_t index = blockIdx.x * blockDim.x + threadIdx.x; index < words; index += stride) {
    destination[index] = source[index];
  }
}

__global__ void copyBytes(std::uint8_t* destination, const std::uint8_t* source,
                          std::size_t begin, std::size_t bytes) {
  std::size_t index = begin + blockIdx.x * blockDim.x + threadIdx.x;
  if (index < bytes) destination[index] = source[index];
}

}  // namespace

void launchCopyKernel(void* destination, const void* source, std::size_t bytes,
                      cudaStream_t stream) {
  const int threads = 256;
  const bool aligned = (reinterpret_cast<std::uintptr_t>(destination) % 16 == 0) &&
                       (reinterpret_cast<std::uintptr_t>(source) % 16 == 0);
  std::size_t words = aligned ? bytes / 16 : 0;
  if (words > 0) {
    std::size_t blocks = (words + threads - 1) / threads;
    if (blocks > 65535) blocks = 65535;
    copyWords<<<static_cast<unsigned>(blocks), threads, 0, stream>>>(
        static_cast<uint4*>(destination), static_cast<const uint4*>(source), words);
  }
  std::size_t begin = words * 16;
  if (begin < bytes) {
    std::size_t rest = bytes - begin;
    copyBytes<<<static_cast<unsigned>((rest + threads - 1) / threads), threads, 0, stream>>>(
        static_cast<std::uint8_t*>(destination), static_cast<const std::uint8_t*>(source), begin,
        bytes);
  }
}

}  // namespace cuda
}  // namespace trtmap
