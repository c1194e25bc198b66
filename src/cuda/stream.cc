#include "cuda/stream.h"

#include "core/error.h"
#include "cuda/check.h"
#include "cuda/copy_kernel.h"

namespace trtmap {
namespace cuda {

#if TRTMAP_HAS_CUDA

Stream::Stream() { TRTMAP_CUDA_TRY(cudaStreamCreateWithFlags(&handle_, cudaStreamNonBlocking)); }

Stream::~Stream() {
  if (handle_ != nullptr) cudaStreamDestroy(handle_);
  cudaGetLastError();
}

void Stream::synchronize() { TRTMAP_CUDA_TRY(cudaStreamSynchronize(handle_)); }

void Stream::copyAsync(void* destination, const void* source, std::size_t bytes) {
  TRTMAP_CUDA_TRY(cudaMemcpyAsync(destination, source, bytes, cudaMemcpyDefault, handle_));
}

void Stream::copyByKernelAsync(void* destination, const void* source, std::size_t bytes) {
  launchCopyKernel(destination, source, bytes, handle_);
  TRTMAP_CUDA_TRY(cudaGetLastError());
}

#else

[[noreturn]] static void noCuda() {
  throw Error("ERR_NO_CUDA_DEVICE", "this build of the trtmap addon has no CUDA support");
}

Stream::Stream() { noCuda(); }
Stream::~Stream() = default;
void Stream::synchronize() { noCuda(); }
void Stream::copyAsync(void*, const void*, std::size_t) { noCuda(); }
void Stream::copyByKernelAsync(void*, const void*, std::size_t) { noCuda(); }

#endif

}  // namespace cuda
}  // namespace trtmap
