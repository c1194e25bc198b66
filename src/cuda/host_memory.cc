#include "cuda/host_memory.h"

#include <cstdlib>
#include <new>

#include "core/error.h"
#include "cuda/check.h"
#include "cuda/device_info.h"
#include "cuda/pinned_pool.h"

namespace trtmap {
namespace cuda {

namespace {

// Plain malloc (16-byte aligned, enough for every element type here), not
// posix_memalign: glibc serves a large aligned request with a fresh mmap every
// time (its dynamic mmap threshold never catches up with the alignment slack),
// so each image buffer paid a page fault per 4 KiB - 0.85 ms for a 416x416
// float tensor. With malloc a freed buffer is reused from the heap.
std::uint8_t* allocatePageable(std::size_t bytes) {
  void* pointer = std::malloc(bytes);
  if (pointer == nullptr) throw std::bad_alloc();
  return static_cast<std::uint8_t*>(pointer);
}

}  // namespace

#if TRTMAP_HAS_CUDA
void HostMemory::allocatePageLocked(HostMemory& memory, std::size_t bytes, bool mapped) {
  PinnedBlock block;
  block.capacity = pinnedSizeClass(bytes);
  if (!takePinnedBlock(mapped, block.capacity, block)) {
    unsigned int flags = cudaHostAllocPortable;
    if (mapped) flags |= cudaHostAllocMapped;
    TRTMAP_CUDA_TRY(cudaHostAlloc(&block.pointer, block.capacity, flags));
    if (mapped) {
      cudaError_t status = cudaHostGetDevicePointer(&block.devicePointer, block.pointer, 0);
      if (status != cudaSuccess) {
        cudaFreeHost(block.pointer);
        TRTMAP_CUDA_TRY(status);
      }
    }
  }
  memory.data_ = static_cast<std::uint8_t*>(block.pointer);
  memory.devicePointer_ = block.devicePointer;
  memory.capacity_ = block.capacity;
  memory.kind_ = mapped ? HostMemoryKind::Mapped : HostMemoryKind::Pinned;
}
#endif

std::shared_ptr<HostMemory> HostMemory::allocate(std::size_t bytes, HostMemoryRequest request) {
  std::shared_ptr<HostMemory> memory(new HostMemory());
  // A zero-byte buffer still gets a distinct pointer: V8 requires one backing
  // store per external pointer.
  memory->size_ = bytes;
  const std::size_t allocated = bytes == 0 ? 1 : bytes;
#if TRTMAP_HAS_CUDA
  if (request.pinned && cudaDeviceAvailable()) {
    allocatePageLocked(*memory, allocated, request.mapped);
    return memory;
  }
  if (request.pinned) memory->fallbackReason_ = "no CUDA device is available";
#else
  if (request.pinned) memory->fallbackReason_ = "the addon was built without CUDA";
#endif
  memory->data_ = allocatePageable(allocated);
  memory->kind_ = HostMemoryKind::Pageable;
  return memory;
}

HostMemory::~HostMemory() { release(); }

void HostMemory::release() noexcept {
  if (data_ == nullptr) return;
#if TRTMAP_HAS_CUDA
  if (kind_ != HostMemoryKind::Pageable) {
    PinnedBlock block;
    block.pointer = data_;
    block.devicePointer = devicePointer_;
    block.capacity = capacity_;
    if (!keepPinnedBlock(kind_ == HostMemoryKind::Mapped, block)) {
      // At process exit the runtime may already be unloaded; the OS reclaims
      // the memory then, so the status is deliberately ignored.
      cudaFreeHost(data_);
      cudaGetLastError();
    }
  } else {
    std::free(data_);
  }
#else
  std::free(data_);
#endif
  data_ = nullptr;
  devicePointer_ = nullptr;
}

}  // namespace cuda
}  // namespace trtmap
