// Page-locked allocations are slow - cudaHostAlloc pins and maps pages, and
// cudaFreeHost can wait for the device - and the evaluation pipeline makes one
// per decoded image. Freed blocks are therefore kept, per kind (pinned or
// mapped) and size class, up to a byte budget, and handed out again.
//
// The budget is TRTMAP_PINNED_POOL_MB (default 128; 0 turns the pool off),
// read once. Blocks kept at process exit are left to the OS: the CUDA runtime
// may already be gone by then.
#pragma once

#include <cstddef>

namespace trtmap {
namespace cuda {

struct PinnedBlock {
  void* pointer = nullptr;
  void* devicePointer = nullptr;  // mapped blocks only
  std::size_t capacity = 0;
};

struct PinnedPoolStats {
  std::size_t cachedBytes = 0;
  std::size_t budgetBytes = 0;
  std::size_t hits = 0;
  std::size_t misses = 0;
};

// The capacity a request of `bytes` is served with: rounded up to one of
// eight classes per power of two (at most 12.5% more), 4 KiB at least.
std::size_t pinnedSizeClass(std::size_t bytes);

// A kept block of exactly `capacity` bytes, if there is one. Thread-safe.
bool takePinnedBlock(bool mapped, std::size_t capacity, PinnedBlock& block);

// Keeps a freed block for reuse; false when over budget (the caller frees it).
bool keepPinnedBlock(bool mapped, const PinnedBlock& block);

PinnedPoolStats pinnedPoolStats();

}  // namespace cuda
}  // namespace trtmap
