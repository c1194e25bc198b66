#include "cuda/device_memory.h"

#include "core/error.h"
#include "cuda/check.h"

namespace trtmap {
namespace cuda {

std::shared_ptr<DeviceMemory> DeviceMemory::allocate(std::size_t bytes) {
  std::shared_ptr<DeviceMemory> memory(new DeviceMemory());
  memory->size_ = bytes;
#if TRTMAP_HAS_CUDA
  TRTMAP_CUDA_TRY(cudaMalloc(&memory->data_, bytes == 0 ? 1 : bytes));
#else
  throw Error("ERR_NO_CUDA_DEVICE", "this build of the trtmap addon has no CUDA support");
#endif
  return memory;
}

DeviceMemory::~DeviceMemory() { release(); }

void DeviceMemory::release() noexcept {
  if (data_ == nullptr) return;
#if TRTMAP_HAS_CUDA
  // Ignored at process exit, when the runtime may be gone (see HostMemory).
  cudaFree(data_);
  cudaGetLastError();
#endif
  data_ = nullptr;
}

}  // namespace cuda
}  // namespace trtmap
