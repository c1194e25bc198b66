#include "cuda/pinned_pool.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace trtmap {
namespace cuda {

namespace {

std::size_t budgetFromEnvironment() {
  const char* text = std::getenv("TRTMAP_PINNED_POOL_MB");
  if (text == nullptr || *text == '\0') return std::size_t(128) << 20;
  char* end = nullptr;
  unsigned long long megabytes = std::strtoull(text, &end, 10);
  return end != nullptr && *end == '\0' ? std::size_t(megabytes) << 20 : std::size_t(128) << 20;
}

struct Pool {
  std::mutex mutex;
  // (mapped, capacity) -> free blocks of that kind and size.
  std::map<std::pair<bool, std::size_t>, std::vector<PinnedBlock>> free;
  PinnedPoolStats stats;
};

// Never destroyed: blocks may be returned by finalizers running at exit.
Pool& pool() {
  static Pool* instance = [] {
    Pool* created = new Pool();
    created->stats.budgetBytes = budgetFromEnvironment();
    return created;
  }();
  return *instance;
}

}  // namespace

std::size_t pinnedSizeClass(std::size_t bytes) {
  std::size_t size = 4096;
  while (size < bytes && size * 2 > size) size *= 2;  // the power of two at or above
  if (size <= 4096) return 4096;
  std::size_t step = size / 16;  // eight classes between size/2 and size
  return (bytes + step - 1) / step * step;
}

bool takePinnedBlock(bool mapped, std::size_t capacity, PinnedBlock& block) {
  Pool& instance = pool();
  std::lock_guard<std::mutex> lock(instance.mutex);
  auto found = instance.free.find({mapped, capacity});
  if (found == instance.free.end() || found->second.empty()) {
    ++instance.stats.misses;
    return false;
  }
  block = found->second.back();
  found->second.pop_back();
  instance.stats.cachedBytes -= block.capacity;
  ++instance.stats.hits;
  return true;
}

bool keepPinnedBlock(bool mapped, const PinnedBlock& block) {
  Pool& instance = pool();
  std::lock_guard<std::mutex> lock(instance.mutex);
  if (instance.stats.cachedBytes + block.capacity > instance.stats.budgetBytes) return false;
  instance.free[{mapped, block.capacity}].push_back(block);
  instance.stats.cachedBytes += block.capacity;
  return true;
}

PinnedPoolStats pinnedPoolStats() {
  Pool& instance = pool();
  std::lock_guard<std::mutex> lock(instance.mutex);
  return instance.stats;
}

}  // namespace cuda
}  // namespace trtmap
