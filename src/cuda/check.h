// TRTMAP_CUDA_TRY(call): throws trtmap::Error (ERR_CUDA, or ERR_NO_CUDA_DEVICE
// when there is no device or driver) naming the error, its message and the
// call site, after clearing the runtime's last error so that a later,
// unrelated check does not report it again.
#pragma once

#include "core/error.h"
#include "cuda/cuda_runtime.h"

#if TRTMAP_HAS_CUDA

namespace trtmap {
namespace cuda {

[[noreturn]] void throwCudaError(cudaError_t status, const char* expression, const char* file,
                                 int line);

// True for the statuses that mean "no usable GPU here" rather than a fault.
bool isNoDeviceStatus(cudaError_t status);

inline void check(cudaError_t status, const char* expression, const char* file, int line) {
  if (status != cudaSuccess) throwCudaError(status, expression, file, line);
}

}  // namespace cuda
}  // namespace trtmap

#define TRTMAP_CUDA_TRY(call) ::trtmap::cuda::check((call), #call, __FILE__, __LINE__)

#endif
