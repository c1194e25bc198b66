#include "trt/context_api.h"

#include "trt/engine_impl.h"

namespace trtmap {
namespace trt {

#if TRTMAP_TRT8
TRTMAP_ALLOW_DEPRECATED_BEGIN  // the binding API, deprecated from 8.5 on

int bindingIndex(const nvinfer1::ICudaEngine& engine, const std::string& name) {
  return engine.getBindingIndex(name.c_str());
}

bool setInputShape(nvinfer1::IExecutionContext& context, const TensorSlot& slot, bool implicitBatch) {
  if (implicitBatch) return true;
  return context.setBindingDimensions(slot.bindingIndex, toDims(slot.shape));
}

std::vector<std::int64_t> outputShape(const nvinfer1::IExecutionContext& context, const TensorSlot& slot,
                                      bool implicitBatch, std::int64_t batch) {
  std::vector<std::int64_t> shape = toShape(context.getBindingDimensions(slot.bindingIndex));
  if (implicitBatch) shape.insert(shape.begin(), batch);
  return shape;
}

bool enqueue(nvinfer1::IExecutionContext& context, const nvinfer1::ICudaEngine& engine,
             const std::vector<TensorSlot>& slots, cudaStream_t stream, bool implicitBatch,
             std::int64_t batch) {
  std::vector<void*> bindings(std::size_t(engine.getNbBindings()), nullptr);
  for (const auto& slot : slots) bindings[std::size_t(slot.bindingIndex)] = slot.address;
  if (implicitBatch) return context.enqueue(int(batch), bindings.data(), stream, nullptr);
  return context.enqueueV2(bindings.data(), stream, nullptr);
}

TRTMAP_ALLOW_DEPRECATED_END
#else

int bindingIndex(const nvinfer1::ICudaEngine&, const std::string&) { return -1; }

bool setInputShape(nvinfer1::IExecutionContext& context, const TensorSlot& slot, bool) {
  return context.setInputShape(slot.name.c_str(), toDims(slot.shape));
}

std::vector<std::int64_t> outputShape(const nvinfer1::IExecutionContext& context, const TensorSlot& slot,
                                      bool, std::int64_t) {
  return toShape(context.getTensorShape(slot.name.c_str()));
}

bool enqueue(nvinfer1::IExecutionContext& context, const nvinfer1::ICudaEngine&,
             const std::vector<TensorSlot>& slots, cudaStream_t stream, bool, std::int64_t) {
  for (const auto& slot : slots) {
    if (!context.setTensorAddress(slot.name.c_str(), slot.address)) return false;
  }
  return context.enqueueV3(stream);
}

#endif

}  // namespace trt
}  // namespace trtmap
