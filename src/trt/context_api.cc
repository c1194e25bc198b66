#include "trt/context_api.h"

#include "trt/engine_impl.h"
#include "trt/output_allocator.h"

namespace trtmap {
namespace trt {

std::size_t tensorBytes(const std::vector<std::int64_t>& shape, std::size_t elementSize, int vectorizedDim,
                        int components) {
  std::size_t count = elementSize;
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    std::size_t extent = std::size_t(shape[axis] < 0 ? 0 : shape[axis]);
    if (int(axis) == vectorizedDim && components > 1) {
      extent = (extent + std::size_t(components) - 1) / std::size_t(components) * std::size_t(components);
    }
    count *= extent;
  }
  return count;
}

bool selectProfile(nvinfer1::IExecutionContext& context, int profile, cudaStream_t stream) {
  return context.setOptimizationProfileAsync(profile, stream);
}

#if TRTMAP_TRT8
TRTMAP_ALLOW_DEPRECATED_BEGIN  // the binding API, deprecated from 8.5 on

int bindingIndex(const nvinfer1::ICudaEngine& engine, const std::string& name, int profile, int bindingsPerProfile) {
  // Profile k's bindings are profile 0's shifted by k * bindingsPerProfile
  // (ICudaEngine::getBindingIndex: "name [profile k]").
  int index = engine.getBindingIndex(name.c_str());
  return index < 0 ? index : index + profile * bindingsPerProfile;
}

bool setInputShape(nvinfer1::IExecutionContext& context, const TensorSlot& slot, bool implicitBatch) {
  if (implicitBatch) return true;
  return context.setBindingDimensions(slot.bindingIndex, toDims(slot.shape));
}

bool setHostValues(nvinfer1::IExecutionContext& context, const TensorSlot& slot, const void* values) {
  return context.setInputShapeBinding(slot.bindingIndex, static_cast<const std::int32_t*>(values));
}

std::vector<std::int64_t> outputShape(const nvinfer1::IExecutionContext& context, const TensorSlot& slot,
                                      bool implicitBatch, std::int64_t batch) {
  std::vector<std::int64_t> shape = toShape(context.getBindingDimensions(slot.bindingIndex));
  if (implicitBatch) shape.insert(shape.begin(), batch);
  return shape;
}

bool enqueue(nvinfer1::IExecutionContext& context, const nvinfer1::ICudaEngine& engine,
             const std::vector<TensorSlot>& slots, cudaStream_t stream, bool implicitBatch, std::int64_t batch) {
  std::vector<void*> bindings(std::size_t(engine.getNbBindings()), nullptr);
  for (const auto& slot : slots) bindings[std::size_t(slot.bindingIndex)] = slot.address;
  if (implicitBatch) return context.enqueue(int(batch), bindings.data(), stream, nullptr);
  return context.enqueueV2(bindings.data(), stream, nullptr);
}

bool readHostOutput(const nvinfer1::IExecutionContext& context, const TensorSlot& slot, void* destination) {
  return context.getShapeBinding(slot.bindingIndex, static_cast<std::int32_t*>(destination));
}

TRTMAP_ALLOW_DEPRECATED_END
#else

int bindingIndex(const nvinfer1::ICudaEngine&, const std::string&, int, int) { return -1; }

bool setInputShape(nvinfer1::IExecutionContext& context, const TensorSlot& slot, bool) {
  return context.setInputShape(slot.name.c_str(), toDims(slot.shape));
}

bool setHostValues(nvinfer1::IExecutionContext& context, const TensorSlot& slot, const void* values) {
  // TensorRT reads the values of kHOST inputs from this address when it
  // infers output shapes and when it enqueues.
  return context.setTensorAddress(slot.name.c_str(), const_cast<void*>(values));
}

std::vector<std::int64_t> outputShape(const nvinfer1::IExecutionContext& context, const TensorSlot& slot, bool,
                                      std::int64_t) {
  return toShape(context.getTensorShape(slot.name.c_str()));
}

bool enqueue(nvinfer1::IExecutionContext& context, const nvinfer1::ICudaEngine&, const std::vector<TensorSlot>& slots,
             cudaStream_t stream, bool, std::int64_t) {
  for (const auto& slot : slots) {
    if (slot.allocator != nullptr) {
      // The allocator hands TensorRT memory once the size is known; the
      // address set here is the one it may reuse.
      if (!context.setOutputAllocator(slot.name.c_str(), slot.allocator)) return false;
    }
    if (!context.setTensorAddress(slot.name.c_str(), slot.address)) return false;
  }
  return context.enqueueV3(stream);
}

bool readHostOutput(const nvinfer1::IExecutionContext&, const TensorSlot&, void*) { return true; }

#endif

}  // namespace trt
}  // namespace trtmap
