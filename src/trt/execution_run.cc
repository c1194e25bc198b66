// One run of an execution context: input shapes and shape-tensor values,
// where each tensor's memory comes from (the caller's, staged, scratch,
// allocated for data-dependent shapes), copies, enqueue or CUDA-graph
// replay, timings.
#include <functional>

#include "cuda/check.h"
#include "trt/check.h"
#include "trt/engine.h"
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

void checkNamesKnown(const std::vector<TensorBinding>& bindings, const EngineDescription& description, bool inputs) {
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
                                 (description.implicitBatch ? " (batch 1.." + std::to_string(description.maxBatchSize) + ")"
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

bool hasDynamicDimension(const std::vector<std::int64_t>& shape) {
  for (auto extent : shape) {
    if (extent < 0) return true;
  }
  return false;
}

TensorSlot slotFor(const TensorDescription& tensor, const nvinfer1::ICudaEngine& engine, int profile,
                   int bindingsPerProfile) {
  TensorSlot slot;
  slot.name = tensor.name;
  slot.isInput = tensor.isInput;
  slot.bindingIndex = bindingIndex(engine, tensor.name, profile, bindingsPerProfile);
  slot.elementSize = tensor.elementSize;
  slot.vectorizedDim = tensor.vectorizedDim;
  slot.components = tensor.componentsPerElement;
  slot.hostValues = tensor.hostValues;
  slot.onHost = tensor.onHost;
  if (slot.elementSize == 0) {
    throw Error("ERR_UNSUPPORTED", tensor.name + " has type " + tensor.dtype + ", which trtmap cannot bind");
  }
  return slot;
}

std::size_t slotBytes(const TensorSlot& slot) {
  return tensorBytes(slot.shape, slot.elementSize, slot.vectorizedDim, slot.components);
}

}  // namespace

std::vector<TensorSlot> ExecutionContext::Impl::bindSlots(const RunRequest& request, std::vector<SlotPlan>& plans,
                                                          std::int64_t& batch) {
  const EngineDescription& description = engine->description();
  const nvinfer1::ICudaEngine& cudaEngine = *engine->impl().engine;
  checkNamesKnown(request.inputs, description, true);
  checkNamesKnown(request.outputs, description, false);
  std::vector<TensorSlot> slots;
  for (const auto& tensor : description.tensors) {
    TensorSlot slot = slotFor(tensor, cudaEngine, profile, description.bindingsPerProfile);
    SlotPlan plan;
    plan.binding = findBinding(tensor.isInput ? request.inputs : request.outputs, tensor.name);
    if (tensor.isInput) {
      if (plan.binding == nullptr) throw Error("ERR_INVALID_ARGUMENT", "no buffer for input " + tensor.name);
      checkInputShape(tensor, description, plan.binding->shape);
      slot.shape = plan.binding->shape;
      if (batch < 0) batch = slot.shape.empty() ? 1 : slot.shape[0];
      TRTMAP_TRT_CHECK(setInputShape(*context, slot, description.implicitBatch), "ERR_SHAPE",
                       "TensorRT rejected the shape " + shapeText(slot.shape) + " for input " + tensor.name);
    }
    plans.push_back(plan);
    slots.push_back(slot);
  }
  // Shape-tensor values are read on the host, and output shapes may depend
  // on them: set before the output shapes are asked for.
  for (std::size_t index = 0; index < slots.size(); ++index) {
    TensorSlot& slot = slots[index];
    if (!slot.isInput || !slot.hostValues) continue;
    const TensorBinding& binding = *plans[index].binding;
    std::size_t bytes = slotBytes(slot);
    if (binding.bytes < bytes) {
      throw Error("ERR_SHAPE", "input " + slot.name + " of shape " + shapeText(slot.shape) + " needs " +
                                   std::to_string(bytes) + " bytes but its buffer has " + std::to_string(binding.bytes));
    }
    void* values = binding.hostPointer;
    if (values == nullptr || !isAligned(values)) {
      // Device memory (or an unaligned host address): TensorRT reads shape
      // values on the host, at a 256-byte aligned address.
      values = hostStagingFor(slot.name, bytes);
      stream.copyAsync(values, callerPointer(binding), bytes);
      stream.synchronize();
      plans[index].placement = Placement::HostStaged;
    } else {
      plans[index].placement = Placement::Direct;
    }
    plans[index].bytes = bytes;
    TRTMAP_TRT_CHECK(setHostValues(*context, slot, values), "ERR_SHAPE",
                     "TensorRT rejected the values of shape input " + slot.name);
    if (slot.onHost) slot.address = values;
  }
  // Output shapes follow from the input shapes and values just set; -1 left
  // in one (TensorRT 10) means its shape depends on the data.
  for (auto& slot : slots) {
    if (slot.isInput) continue;
    slot.shape = outputShape(*context, slot, description.implicitBatch, batch);
    slot.dataDependent = TRTMAP_TRT10 && hasDynamicDimension(slot.shape);
    if (hasDynamicDimension(slot.shape) && !slot.dataDependent) {
      throw Error("ERR_UNSUPPORTED", "output " + slot.name + " has the data-dependent shape " + shapeText(slot.shape) +
                                         ": it needs TensorRT 10 or later (trtmap uses TensorRT 8's binding API)");
    }
  }
  return slots;
}

void ExecutionContext::Impl::assignAddresses(std::vector<TensorSlot>& slots, std::vector<SlotPlan>& plans,
                                             Transfer transfer, bool autoDirect) {
  for (std::size_t index = 0; index < slots.size(); ++index) {
    TensorSlot& slot = slots[index];
    SlotPlan& plan = plans[index];
    const TensorBinding* binding = plan.binding;
    if (slot.isInput && slot.hostValues && slot.onHost) continue;  // set in bindSlots
    if (binding != nullptr && slot.vectorizedDim >= 0 && slot.components > 1) {
      throw Error("ERR_UNSUPPORTED",
                  std::string(slot.isInput ? "input " : "output ") + slot.name + " uses the vectorized format \"" +
                      engine->description().tensors[index].format + "\" (" + std::to_string(slot.components) +
                      " components packed along dimension " + std::to_string(slot.vectorizedDim) +
                      "): trtmap binds linear tensors only; rebuild the engine with linear I/O (`trtmap build` "
                      "does, as trtexec does by default)");
    }
    if (slot.dataDependent) {
      auto& allocator = allocators[slot.name];
      if (!allocator) allocator.reset(new OutputAllocator());
      allocator->reset();
      slot.allocator = allocator.get();
      slot.address = allocator->memory();
      plan.placement = Placement::Allocated;
      continue;
    }
    plan.bytes = slotBytes(slot);
    if (binding == nullptr) {  // an output nobody asked for
      slot.address = slot.onHost ? hostStagingFor(slot.name, plan.bytes) : stagingFor(slot.name, plan.bytes);
      plan.placement = Placement::Scratch;
      continue;
    }
    if (binding->bytes < plan.bytes) {
      throw Error("ERR_SHAPE", (slot.isInput ? "input " : "output ") + slot.name + " of shape " +
                                   shapeText(slot.shape) + " needs " + std::to_string(plan.bytes) +
                                   " bytes but its buffer has " + std::to_string(binding->bytes));
    }
    if (slot.onHost) {  // 8.x output shape bindings: host memory, filled after the run
      slot.address = hostStagingFor(slot.name, plan.bytes);
      plan.placement = Placement::HostStaged;
      continue;
    }
    void* direct = usesDirectly(*binding, transfer, autoDirect) ? binding->devicePointer : nullptr;
    if (direct != nullptr && isAligned(direct)) {
      slot.address = direct;
      plan.placement = Placement::Direct;
    } else {
      // Host memory to copy, or an address TensorRT cannot take (not 256-byte
      // aligned): the context's own device buffer, copied on the stream.
      slot.address = stagingFor(slot.name, plan.bytes);
      plan.placement = Placement::Staged;
    }
  }
}

RunResult ExecutionContext::Impl::run(const RunRequest& request) {
  const EngineDescription& description = engine->description();
  std::vector<SlotPlan> plans;
  std::int64_t batch = -1;
  std::vector<TensorSlot> slots = bindSlots(request, plans, batch);
  bool anyMapped = false;
  bool anyHost = false;
  for (const auto& plan : plans) {
    anyMapped = anyMapped || (plan.binding != nullptr && plan.binding->mapped);
    anyHost = anyHost || (plan.binding != nullptr && plan.binding->hostPointer != nullptr);
  }
  bool trial = false;
  bool autoDirect = autoTransfer.nextDirect(trial);
  const bool measured = request.transfer == Transfer::Auto && integrated && anyMapped;
  trial = trial && measured;
  assignAddresses(slots, plans, request.transfer, autoDirect);
  const nvinfer1::ICudaEngine& cudaEngine = *engine->impl().engine;
  std::function<bool()> enqueueNow = [&] {
    return enqueue(*context, cudaEngine, slots, stream.handle(), description.implicitBatch, batch);
  };

  RunResult result;
  try {
    enqueueRun(request, slots, plans, request.timings || trial, enqueueNow, result);
    finishOutputs(slots, plans);
  } catch (...) {
    // Copies already queued read or write the caller's buffers, which are
    // let go when this run settles: wait for them before reporting.
    try {
      stream.synchronize();
    } catch (...) {
    }
    throw;
  }
  if (request.timings || trial) {
    result.timings.hostToDeviceMs = uploaded.elapsedSince(start);
    result.timings.computeMs = computed.elapsedSince(uploaded);
    result.timings.deviceToHostMs = downloaded.elapsedSince(computed);
  }
  if (trial) autoTransfer.record(autoDirect, downloaded.elapsedSince(start));
  bool staged = false;
  for (const auto& plan : plans) {
    if (plan.binding == nullptr || plan.binding->hostPointer == nullptr) continue;
    staged = staged || plan.placement != Placement::Direct;
  }
  result.transfer.used = !anyHost ? "none" : staged ? "copy" : "direct";
  result.transfer.reason = measured ? autoTransfer.describe(autoDirect, trial)
                           : !anyHost ? "device memory only"
                           : request.transfer == Transfer::Copy ? "transfer 'copy'"
                           : request.transfer == Transfer::Direct ? "transfer 'direct'"
                           : integrated ? "no mapped host buffers"
                                        : "discrete GPU: mapped memory would cross the bus on every access";
  for (std::size_t index = 0; index < slots.size(); ++index) {
    if (slots[index].isInput) continue;
    result.outputNames.push_back(slots[index].name);
    result.outputShapes.push_back(slots[index].shape);
  }
  return result;
}

void ExecutionContext::Impl::enqueueRun(const RunRequest& request, std::vector<TensorSlot>& slots,
                                        const std::vector<SlotPlan>& plans, bool measure,
                                        const std::function<bool()>& enqueueNow, RunResult& result) {
  if (measure) start.record(stream);
  for (std::size_t index = 0; index < slots.size(); ++index) {
    if (slots[index].isInput && plans[index].placement == Placement::Staged) {
      stream.copyAsync(slots[index].address, callerPointer(*plans[index].binding), plans[index].bytes);
    }
  }
  if (measure) uploaded.record(stream);
  // A graph replays fixed addresses and sizes: not for outputs TensorRT
  // allocates during the run, nor for shape values read on the host.
  bool graphable = request.cudaGraph;
  for (const auto& slot : slots) graphable = graphable && !slot.dataDependent && !slot.hostValues && !slot.onHost;
  std::vector<std::int64_t> key = graphable ? graphKey(slots) : std::vector<std::int64_t>();
  if (graphable && graph.matches(key)) {
    graph.launch(stream.handle());
    result.timings.graphReplayed = true;
  } else {
    TRTMAP_TRT_CHECK(enqueueNow(), "ERR_TRT_RUN", "TensorRT could not enqueue the inference");
    // Captured after a normal enqueue, which finishes TensorRT's lazy setup
    // for these shapes (trtexec does the same); replayed from the next run.
    if (graphable && !graph.unsupported()) graph.capture(stream.handle(), key, enqueueNow);
  }
  if (measure) computed.record(stream);
  for (std::size_t index = 0; index < slots.size(); ++index) {
    if (!slots[index].isInput && plans[index].placement == Placement::Staged) {
      stream.copyAsync(callerPointer(*plans[index].binding), slots[index].address, plans[index].bytes);
    }
  }
  if (measure) downloaded.record(stream);
  stream.synchronize();
}

void ExecutionContext::Impl::finishOutputs(std::vector<TensorSlot>& slots, const std::vector<SlotPlan>& plans) {
  for (std::size_t index = 0; index < slots.size(); ++index) {
    TensorSlot& slot = slots[index];
    const SlotPlan& plan = plans[index];
    if (slot.isInput) continue;
    if (slot.onHost && plan.placement != Placement::Direct) {
      TRTMAP_TRT_CHECK(readHostOutput(*context, slot, slot.address), "ERR_TRT_RUN",
                       "TensorRT could not give the values of output " + slot.name);
      if (plan.binding != nullptr) {
        stream.copyAsync(callerPointer(*plan.binding), slot.address, plan.bytes);
        stream.synchronize();
      }
      continue;
    }
    if (!slot.dataDependent) continue;
    OutputAllocator& allocator = *slot.allocator;
    if (!allocator.failure().empty()) throw Error("ERR_TRT_RUN", allocator.failure());
    TRTMAP_TRT_CHECK(allocator.shapeKnown() && allocator.memory() != nullptr, "ERR_TRT_RUN",
                     "TensorRT did not report the shape of output " + slot.name + " (data-dependent)");
    slot.shape = allocator.shape();
    std::size_t bytes = slotBytes(slot);
    if (plan.binding == nullptr || bytes == 0) continue;
    if (plan.binding->bytes < bytes) {
      throw Error("ERR_SHAPE", "output " + slot.name + " has the data-dependent shape " + shapeText(slot.shape) +
                                   " this run: it needs " + std::to_string(bytes) + " bytes but its buffer has " +
                                   std::to_string(plan.binding->bytes));
    }
    stream.copyAsync(callerPointer(*plan.binding), allocator.memory(), bytes);
    stream.synchronize();
  }
}

}  // namespace trt
}  // namespace trtmap
