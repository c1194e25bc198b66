#include "trt/output_allocator.h"

#if TRTMAP_TRT10

#include "trt/engine_impl.h"

namespace trtmap {
namespace trt {

void* OutputAllocator::reallocateOutputAsync(const char* tensorName, void* currentMemory, std::uint64_t size,
                                             std::uint64_t alignment, cudaStream_t) noexcept {
  try {
    // cudaMalloc aligns to at least 256 bytes, which covers what TensorRT asks.
    if (memory_ && memory_->data() == currentMemory && memory_->size() >= size &&
        reinterpret_cast<std::uintptr_t>(currentMemory) % (alignment == 0 ? 1 : alignment) == 0) {
      return currentMemory;
    }
    memory_.reset();  // free first: device memory may be tight (Jetson Nano)
    memory_ = cuda::DeviceMemory::allocate(std::size_t(size == 0 ? 1 : size));
    return memory_->data();
  } catch (const std::exception& error) {
    failure_ = std::string("could not allocate ") + std::to_string(size) + " bytes for output " +
               (tensorName ? tensorName : "?") + ": " + error.what();
  } catch (...) {
    failure_ = "could not allocate memory for an output";
  }
  return nullptr;
}

void OutputAllocator::notifyShape(const char*, const nvinfer1::Dims& dims) noexcept {
  try {
    shape_ = toShape(dims);
    notified_ = true;
  } catch (...) {
    failure_ = "out of memory recording an output shape";
  }
}

void OutputAllocator::reset() noexcept {
  notified_ = false;
  failure_.clear();
}

}  // namespace trt
}  // namespace trtmap

#endif
