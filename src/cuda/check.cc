#include "cuda/check.h"

#if TRTMAP_HAS_CUDA

#include <cstring>
#include <string>

namespace trtmap {
namespace cuda {

bool isNoDeviceStatus(cudaError_t status) {
  return status == cudaErrorNoDevice || status == cudaErrorInsufficientDriver;
}

void throwCudaError(cudaError_t status, const char* expression, const char* file, int line) {
  // Reset the last-error slot; sticky errors (a crashed kernel) stay, and the
  // next call reports them again, which is what should happen.
  cudaGetLastError();
  const char* base = std::strrchr(file, '/');
  std::string message = std::string(expression) + " failed: " + cudaGetErrorName(status) + " (" +
                        cudaGetErrorString(status) + ") at " + (base ? base + 1 : file) + ":" +
                        std::to_string(line);
  if (isNoDeviceStatus(status)) {
    throw Error("ERR_NO_CUDA_DEVICE", "no CUDA device is available: " + message);
  }
  throw Error("ERR_CUDA", message);
}

}  // namespace cuda
}  // namespace trtmap

#endif
