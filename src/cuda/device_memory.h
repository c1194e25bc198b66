// A device allocation (cudaMalloc). Without CUDA, allocation throws
// ERR_NO_CUDA_DEVICE.
#pragma once

#include <cstddef>
#include <memory>

namespace trtmap {
namespace cuda {

class DeviceMemory {
 public:
  static std::shared_ptr<DeviceMemory> allocate(std::size_t bytes);

  DeviceMemory(const DeviceMemory&) = delete;
  DeviceMemory& operator=(const DeviceMemory&) = delete;
  ~DeviceMemory();

  void release() noexcept;  // idempotent
  void* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  bool released() const noexcept { return data_ == nullptr; }

 private:
  DeviceMemory() = default;
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace cuda
}  // namespace trtmap
