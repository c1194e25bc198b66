// TensorRT 10+: memory for outputs whose shape depends on the input data
// (NonZero, NMS without a fixed count): TensorRT reports -1 for them until
// enqueueV3 runs, asks the allocator for the bytes it needs, and tells it
// the shape (IOutputAllocator). The memory is the context's, grown, never
// shrunk; the run copies what the output holds to the caller's buffer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trt/api.h"

#if TRTMAP_TRT10

#include "cuda/device_memory.h"

namespace trtmap {
namespace trt {

class OutputAllocator : public nvinfer1::IOutputAllocator {
 public:
  void* reallocateOutputAsync(const char* tensorName, void* currentMemory, std::uint64_t size,
                              std::uint64_t alignment, cudaStream_t stream) noexcept override;
  void notifyShape(const char* tensorName, const nvinfer1::Dims& dims) noexcept override;

  // Before each run.
  void reset() noexcept;
  void* memory() const noexcept { return memory_ ? memory_->data() : nullptr; }
  bool shapeKnown() const noexcept { return notified_; }
  const std::vector<std::int64_t>& shape() const noexcept { return shape_; }
  // Set when allocation failed (reported after the run).
  const std::string& failure() const noexcept { return failure_; }

 private:
  std::shared_ptr<cuda::DeviceMemory> memory_;
  std::vector<std::int64_t> shape_;
  bool notified_ = false;
  std::string failure_;
};

}  // namespace trt
}  // namespace trtmap

#else

namespace trtmap {
namespace trt {
// TensorRT 8: the binding API has no data-dependent output shapes.
class OutputAllocator {
 public:
  void reset() noexcept {}
  void* memory() const noexcept { return nullptr; }
  bool shapeKnown() const noexcept { return false; }
  const std::vector<std::int64_t>& shape() const noexcept { return shape_; }
  const std::string& failure() const noexcept { return failure_; }

 private:
  std::vector<std::int64_t> shape_;
  std::string failure_;
};
}  // namespace trt
}  // namespace trtmap

#endif
