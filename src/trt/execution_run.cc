// One run of an execution context: input shapes, tensor addresses (direct or
// staged), copies, enqueue or CUDA-graph replay, timings.
#include <functional>

#include "cuda/check.h"
#include "trt/check.h"
#include "trt/execution_context_impl.h"

namespace trtmap {
namespace trt {

namespace {

const TensorBinding* findBinding(const std::vector<TensorBinding>& bindings, const std::string& name) {
  for (const auto& binding : bindings) {
    if (binding.name == name) return &binding;
  }
  return nullptr;
}

void checkNamesKnown(const std::vector<TensorBinding>& bindings, const EngineDescription& description,
                     bool inputs) {
  for (const auto& binding : bindings) {
    bool known = false;
    for (const auto& tensor : description.tensors) {
      known = known || (tensor.isInput == inputs && tensor.name == binding.name);
    }
    if (!known) {
      throw Error("ERR_INVALID_ARGUMENT",
                  std::string("the engine has no ") + (inputs ? "input" : "output") + " named " + binding.name);
    }
  }
}

// What TensorRT does not check itself before reading memory: the rank, the
// fixed dimensions, and (implicit batch) the batch range.
void checkInputShape(const TensorDescription& tensor, const EngineDescription& description,
                     const std::vector<std::int64_t>& shape) {
  bool valid = shape.size() == tensor.shape.size();
  for (std::size_t axis = 0; valid && axis < shape.size(); ++axis) {
    valid = shape[axis] >= 0 && (tensor.shape[axis] < 0 || shape[axis] == tensor.shape[axis]);
  }
  if (valid && description.implicitBatch) {
    valid = !shape.empty() && shape[0] >= 1 && shape[0] <= description.maxBatchSize;
  }
  if (!valid) {
    throw Error("ERR_SHAPE", "the shape " + shapeText(shape) + " does not fit input " + tensor.name + " " +
                                 shapeText(tensor.shape) +
                                 (description.implicitBatch
                                      ? " (batch 1.." + std::to_string(description.maxBatchSize) + ")"
                                      : std::string()));
  }
}

// The graph is valid for these addresses and shapes only.
std::vector<std::int64_t> graphKey(const std::vector<TensorSlot>& slots) {
  std::vector<std::int64_t> key;
  for (const auto& slot : slots) {
    key.push_back(std::int64_t(reinterpret_cast<std::uintptr_t>(slot.address)));
    key.insert(key.end(), slot.shape.begin(), slot.shape.end());
    key.push_back(-2);
  }
  return key;
}

}  // namespace

std::vector<TensorSlot> ExecutionContext::Impl::bindSlots(const RunRequest& request,
                                                          std::vector<const TensorBinding*>& sources,
                                                          std::int64_t& batch) {
  const EngineDescription& description = engine->description();
  checkNamesKnown(request.inputs, description, true);
  checkNamesKnown(request.outputs, description, false);
  std::vector<TensorSlot> slots;
  for (const auto& tensor : description.tensors) {
    TensorSlot slot;
    slot.name = tensor.name;
    slot.isInput = tensor.isInput;
    slot.bindingIndex = bindingIndex(*engine->impl().engine, tensor.name);
    slot.elementSize = tensor.elementSize;
    if (slot.elementSize == 0) {
      throw Error("ERR_UNSUPPORTED", tensor.name + " has type " + tensor.dtype + ", which trtmap cannot bind");
    }
    const TensorBinding* binding = findBinding(tensor.isInput ? request.inputs : request.outputs, tensor.name);
    if (tensor.isInput) {
      if (binding == nullptr) throw Error("ERR_INVALID_ARGUMENT", "no buffer for input " + tensor.name);
      checkInputShape(tensor, description, binding->shape);
      slot.shape = binding->shape;
      if (batch < 0) batch = slot.shape.empty() ? 1 : slot.shape[0];
      TRTMAP_TRT_CHECK(setInputShape(*context, slot, description.implicitBatch), "ERR_SHAPE",
                       "TensorRT rejected the shape " + shapeText(slot.shape) + " for input " + tensor.name);
    }
    sources.push_back(binding);
    slots.push_back(slot);
  }
  // Output shapes follow from the input shapes just set.
  for (auto& slot : slots) {
    if (!slot.isInput) slot.shape = outputShape(*context, slot, description.implicitBatch, batch);
  }
  return slots;
}

void ExecutionContext::Impl::assignAddresses(std::vector<TensorSlot>& slots,
                                             const std::vector<const TensorBinding*>& sources,
                                             Transfer transfer, std::int64_t) {
  for (std::size_t index = 0; index < slots.size(); ++index) {
    TensorSlot& slot = slots[index];
    const TensorBinding* binding = sources[index];
    std::size_t bytes = elementCount(slot.shape) * slot.elementSize;
    if (binding == nullptr) {  // an output nobody asked for
      slot.address = stagingFor(slot.name, bytes);
      continue;
    }
    if (binding->bytes < bytes) {
      throw Error("ERR_SHAPE", (slot.isInput ? "input " : "output ") + slot.name + " of shape " +
                                   shapeText(slot.shape) + " needs " + std::to_string(bytes) +
                                   " bytes but its buffer has " + std::to_string(binding->bytes));
    }
    slot.address = usesDirectly(*binding, transfer) ? binding->devicePointer : stagingFor(slot.name, bytes);
  }
}

RunResult ExecutionContext::Impl::run(const RunRequest& request) {
  const EngineDescription& description = engine->description();
  std::vector<const TensorBinding*> sources;
  std::int64_t batch = -1;
  std::vector<TensorSlot> slots = bindSlots(request, sources, batch);
  assignAddresses(slots, sources, request.transfer, batch);
  const nvinfer1::ICudaEngine& cudaEngine = *engine->impl().engine;
  std::function<bool()> enqueueNow = [&] {
    return enqueue(*context, cudaEngine, slots, stream.handle(), description.implicitBatch, batch);
  };

  RunResult result;
  try {
    enqueueRun(request, slots, sources, enqueueNow, result);
  } catch (...) {
    // Copies already queued read or write the caller's buffers, which are
    // let go when this run settles: wait for them before reporting.
    try {
      stream.synchronize();
    } catch (...) {
    }
    throw;
  }
  if (request.timings) {
    result.timings.hostToDeviceMs = uploaded.elapsedSince(start);
    result.timings.computeMs = computed.elapsedSince(uploaded);
    result.timings.deviceToHostMs = downloaded.elapsedSince(computed);
  }
  for (const auto& slot : slots) {
    if (slot.isInput) continue;
    result.outputNames.push_back(slot.name);
    result.outputShapes.push_back(slot.shape);
  }
  return result;
}

void ExecutionContext::Impl::enqueueRun(const RunRequest& request, const std::vector<TensorSlot>& slots,
                                        const std::vector<const TensorBinding*>& sources,
                                        const std::function<bool()>& enqueueNow, RunResult& result) {
  auto staged = [&](std::size_t index) {
    return sources[index] != nullptr && slots[index].address != sources[index]->devicePointer;
  };
  if (request.timings) start.record(stream);
  for (std::size_t index = 0; index < slots.size(); ++index) {
    if (slots[index].isInput && staged(index)) {
      stream.copyAsync(slots[index].address, sources[index]->hostPointer,
                       elementCount(slots[index].shape) * slots[index].elementSize);
    }
  }
  if (request.timings) uploaded.record(stream);
  std::vector<std::int64_t> key = request.cudaGraph ? graphKey(slots) : std::vector<std::int64_t>();
  if (request.cudaGraph && graph.matches(key)) {
    graph.launch(stream.handle());
    result.timings.graphReplayed = true;
  } else {
    TRTMAP_TRT_CHECK(enqueueNow(), "ERR_TRT_RUN", "TensorRT could not enqueue the inference");
    // Captured after a normal enqueue, which finishes TensorRT's lazy setup
    // for these shapes (trtexec does the same); replayed from the next run.
    if (request.cudaGraph && !graph.unsupported()) graph.capture(stream.handle(), key, enqueueNow);
  }
  if (request.timings) computed.record(stream);
  for (std::size_t index = 0; index < slots.size(); ++index) {
    if (!slots[index].isInput && staged(index)) {
      stream.copyAsync(sources[index]->hostPointer, slots[index].address,
                       elementCount(slots[index].shape) * slots[index].elementSize);
    }
  }
  if (request.timings) downloaded.record(stream);
  stream.synchronize();
}

}  // namespace trt
}  // namespace trtmap
