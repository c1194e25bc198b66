// A CUDA stream (non-blocking with respect to the legacy default stream) and
// the asynchronous operations trtmap issues on it.
#pragma once

#include <cstddef>

#include "cuda/cuda_runtime.h"

namespace trtmap {
namespace cuda {

class Stream {
 public:
  Stream();  // throws ERR_NO_CUDA_DEVICE without a device
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  ~Stream();

  void synchronize();
  // Queues a copy in any direction (unified addressing decides which).
  void copyAsync(void* destination, const void* source, std::size_t bytes);
  // Queues a copy done by a kernel that reads through the pointers, e.g. from
  // mapped host memory (zero-copy), instead of by the copy engine.
  void copyByKernelAsync(void* destination, const void* source, std::size_t bytes);

#if TRTMAP_HAS_CUDA
  cudaStream_t handle() const noexcept { return handle_; }

 private:
  cudaStream_t handle_ = nullptr;
#endif
};

}  // namespace cuda
}  // namespace trtmap
