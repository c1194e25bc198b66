// Host memory for images and tensors: page-locked (cudaHostAlloc), optionally
// mapped into the device's address space, or - where CUDA has no device or
// driver, or when asked - ordinary heap memory, so that decoding and
// CPU preprocessing still work on any machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace trtmap {
namespace cuda {

enum class HostMemoryKind { Pageable, Pinned, Mapped };

struct HostMemoryRequest {
  bool pinned = true;   // try page-locked memory
  bool mapped = false;  // also map it for the device (zero-copy)
};

class HostMemory {
 public:
  // Never fails for lack of CUDA: falls back to pageable memory and says why
  // in fallbackReason(). Throws ERR_CUDA / ERR_INTERNAL when memory runs out.
  static std::shared_ptr<HostMemory> allocate(std::size_t bytes, HostMemoryRequest request);

  HostMemory(const HostMemory&) = delete;
  HostMemory& operator=(const HostMemory&) = delete;
  ~HostMemory();

  // Frees the memory now (idempotent). The owner guarantees that nothing uses
  // it any more: no pending native work, and no JavaScript view (detached).
  void release() noexcept;

  std::uint8_t* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  bool released() const noexcept { return data_ == nullptr; }
  HostMemoryKind kind() const noexcept { return kind_; }
  // The device address of mapped memory; nullptr for other kinds.
  void* devicePointer() const noexcept { return devicePointer_; }
  const std::string& fallbackReason() const noexcept { return fallbackReason_; }

 private:
  HostMemory() = default;
  // Page-locked memory from the pool of freed blocks, else cudaHostAlloc
  // (defined only in builds with CUDA).
  static void allocatePageLocked(HostMemory& memory, std::size_t bytes, bool mapped);

  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // page-locked: the pool's size class (cuda/pinned_pool.h)
  HostMemoryKind kind_ = HostMemoryKind::Pageable;
  void* devicePointer_ = nullptr;
  std::string fallbackReason_;
};

}  // namespace cuda
}  // namespace trtmap
