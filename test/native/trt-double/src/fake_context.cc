#include "fake_context.h"

#include <algorithm>
#include <cstring>

namespace fake {

namespace {

std::string profileText(int index) { return "profile " + std::to_string(index); }

bool within(const std::vector<std::int64_t>& dims, const std::vector<std::vector<std::int64_t>>& range) {
  if (range.size() < 3 || dims.size() != range[0].size()) return false;
  for (std::size_t axis = 0; axis < dims.size(); ++axis) {
    if (dims[axis] < range[0][axis] || dims[axis] > range[2][axis]) return false;
  }
  return true;
}

}  // namespace

ExecutionContext::ExecutionContext(Engine& owner) : engine(owner) {
  impl_.owner = this;
  mImpl = &impl_;
  std::lock_guard<std::mutex> lock(engine.mutex);
  // TensorRT 8: "For the first execution context that is created for an
  // engine, setOptimizationProfile(0) is called implicitly"; the others have
  // none until they select an unused one. 10.x: every context starts on 0.
  profile = kMajor == 8 && engine.dynamicInputs() && !engine.contexts.empty() ? -1 : 0;
  engine.contexts.insert(this);
}

ExecutionContext::~ExecutionContext() {
  std::lock_guard<std::mutex> lock(engine.mutex);
  engine.contexts.erase(this);
}

bool ExecutionContext::selectProfile(int index) {
  if (index < 0 || index >= engine.profileCount()) {
    error("3: [executionContext.cpp::setOptimizationProfileInternal] Error Code 3: API Usage Error (Parameter check "
          "failed: profileIndex " + std::to_string(index) + " is out of range)");
    return false;
  }
  if (kMajor == 8 && engine.dynamicInputs()) {
    std::lock_guard<std::mutex> lock(engine.mutex);
    for (const auto* other : engine.contexts) {
      if (other != this && other->profile == index) {
        error("3: [executionContext.cpp::setOptimizationProfileInternal] Error Code 3: API Usage Error (" +
              profileText(index) + " is already used by another execution context: each concurrent context of an "
              "engine with dynamic shapes needs its own optimization profile)");
        return false;
      }
    }
  }
  profile = index;
  shapes.clear();
  return true;
}

bool ExecutionContext::setShape(const TensorSpec& tensor, const std::vector<std::int64_t>& dims) {
  if (profile < 0) {
    error("3: [executionContext.cpp::setBindingDimensions] Error Code 3: API Usage Error (no optimization profile is "
          "selected for this context: call setOptimizationProfileAsync with a profile no other context uses)");
    return false;
  }
  bool dynamic = std::find(tensor.dims.begin(), tensor.dims.end(), -1) != tensor.dims.end();
  if (dynamic) {
    const auto& profiles = engine.plan.profiles;
    const std::vector<std::vector<std::int64_t>>* range = nullptr;
    if (std::size_t(profile) < profiles.size()) {
      auto found = profiles[std::size_t(profile)].shapes.find(tensor.name);
      if (found != profiles[std::size_t(profile)].shapes.end()) range = &found->second;
    }
    if (range == nullptr || !within(dims, *range)) {
      error("3: Error Code 3: API Usage Error (the shape " + dimsText(dims) + " of " + tensor.name +
            " is outside " + profileText(profile) + ")");
      return false;
    }
  } else if (dims != tensor.dims) {
    error("3: Error Code 3: API Usage Error (" + tensor.name + " has the static shape " + dimsText(tensor.dims) + ")");
    return false;
  }
  shapes[tensor.name] = dims;
  return true;
}

std::vector<std::int64_t> ExecutionContext::outputShape(const TensorSpec& tensor) const {
  std::vector<std::int64_t> dims = tensor.dims;
  std::int64_t batch = -1;
  if (!engine.plan.inputs.empty()) {
    auto found = shapes.find(engine.plan.inputs[0].name);
    if (found != shapes.end() && !found->second.empty()) batch = found->second[0];
    if (found == shapes.end() && !engine.plan.inputs[0].dims.empty()) batch = engine.plan.inputs[0].dims[0];
  }
  if (!tensor.produces.empty()) return dims;  // data-dependent: known only at enqueue
  for (auto& extent : dims) {
    if (extent < 0) extent = batch;
  }
  return dims;
}

bool ExecutionContext::inputsReady() const {
  for (const auto& input : engine.plan.inputs) {
    bool dynamic = std::find(input.dims.begin(), input.dims.end(), -1) != input.dims.end();
    if (dynamic && shapes.count(input.name) == 0) return false;
  }
  return true;
}

bool ExecutionContext::run(const std::vector<void*>& pointers, int batch) {
  if (profile < 0) {
    error("3: [executionContext.cpp::enqueue] Error Code 3: API Usage Error (no optimization profile is selected)");
    return false;
  }
  if (!inputsReady()) {
    error("3: [executionContext.cpp::enqueue] Error Code 3: API Usage Error (not all input shapes are specified)");
    return false;
  }
  if (!engine.plan.warnOnEnqueue.empty()) warning(engine.plan.warnOnEnqueue);
  return checkInputs(pointers, batch) && writeOutputs(pointers, batch);
}

bool ExecutionContext::checkInputs(const std::vector<void*>& pointers, int batch) {
  for (std::size_t index = 0; index < engine.plan.inputs.size(); ++index) {
    const TensorSpec& input = engine.plan.inputs[index];
    if (input.shapeTensor && shapeValues.count(input.name) == 0) {
      error("3: [executionContext.cpp::enqueue] Error Code 3: API Usage Error (the values of shape input " +
            input.name + " are not set" + (kMajor == 8 ? " (setInputShapeBinding)" : "") + ")");
      return false;
    }
    std::vector<std::int64_t> dims = shapes.count(input.name) ? shapes.at(input.name) : input.dims;
    if (batch > 0) dims.insert(dims.begin(), batch);
    std::size_t bytes = tensorBytes(input, dims);
    if (!checkMemory("input " + input.name, pointers[index], bytes, input.host)) return false;
    // Read it all: AddressSanitizer reports any byte that is not trtmap's.
    volatile unsigned char sum = 0;
    const auto* data = static_cast<const unsigned char*>(pointers[index]);
    for (std::size_t offset = 0; offset < bytes; ++offset) sum = static_cast<unsigned char>(sum + data[offset]);
  }
  return true;
}

bool ExecutionContext::writeOutputs(const std::vector<void*>& pointers, int batch) {
  for (std::size_t index = 0; index < engine.plan.outputs.size(); ++index) {
    const TensorSpec& output = engine.plan.outputs[index];
    void* address = pointers[engine.plan.inputs.size() + index];
    std::vector<std::int64_t> dims = output.produces.empty() ? outputShape(output) : output.produces;
    if (batch > 0) dims.insert(dims.begin(), batch);
    std::size_t bytes = tensorBytes(output, dims);
#if NV_TENSORRT_MAJOR >= 10
    if (!output.produces.empty()) {
      auto found = allocators.find(output.name);
      if (found == allocators.end()) {
        error("3: [executionContext.cpp::enqueueV3] Error Code 3: API Usage Error (output " + output.name +
              " has a data-dependent shape (-1 after the input shapes are set): it needs an IOutputAllocator "
              "(setOutputAllocator))");
        return false;
      }
      address = found->second->reallocateOutputAsync(output.name.c_str(), address, bytes, 256, nullptr);
      if (address == nullptr) {
        error("2: Error Code 2: Internal Error (the output allocator gave no memory for " + output.name + ")");
        return false;
      }
      found->second->notifyShape(output.name.c_str(), toDims(dims));
    }
#endif
    if (!checkMemory("output " + output.name, address, bytes, output.host)) return false;
    std::memset(address, kOutputPattern, bytes);
  }
  return true;
}

#if NV_TENSORRT_MAJOR == 8
bool ExecutionContext::Impl::setBindingDimensions(std::int32_t index, Dims dims) noexcept {
  int tensor = owner->engine.tensorOf(index);
  if (tensor < 0 || std::size_t(tensor) >= owner->engine.plan.inputs.size()) {
    error("3: Error Code 3: API Usage Error (binding " + std::to_string(index) + " is not an input)");
    return false;
  }
  if (owner->engine.profileOf(index) != owner->profile) {
    error("3: Error Code 3: API Usage Error (binding " + std::to_string(index) + " belongs to " +
          profileText(owner->engine.profileOf(index)) + " but this context uses " + profileText(owner->profile) + ")");
    return false;
  }
  return owner->setShape(owner->engine.plan.inputs[std::size_t(tensor)], fromDims(dims));
}

Dims ExecutionContext::Impl::getBindingDimensions(std::int32_t index) const noexcept {
  int tensor = owner->engine.tensorOf(index);
  if (tensor < 0) return Dims{};
  const TensorSpec& spec = *owner->engine.io[std::size_t(tensor)];
  if (owner->engine.isInput(&spec)) {
    auto found = owner->shapes.find(spec.name);
    return toDims(found != owner->shapes.end() ? found->second : spec.dims);
  }
  return toDims(owner->engine.plan.implicitBatch > 0 ? spec.dims : owner->outputShape(spec));
}

bool ExecutionContext::Impl::setInputShapeBinding(std::int32_t index, const std::int32_t* data) noexcept {
  int tensor = owner->engine.tensorOf(index);
  if (tensor < 0 || !owner->engine.io[std::size_t(tensor)]->shapeTensor) {
    error("3: Error Code 3: API Usage Error (binding " + std::to_string(index) + " is not an input shape binding)");
    return false;
  }
  const TensorSpec& spec = *owner->engine.io[std::size_t(tensor)];
  std::size_t count = tensorBytes(spec, spec.dims) / 4;
  if (!checkMemory("shape values of " + spec.name, data, count * 4, true)) return false;
  owner->shapeValues[spec.name] = std::vector<std::int64_t>(data, data + count);
  return true;
}

bool ExecutionContext::Impl::getShapeBinding(std::int32_t index, std::int32_t* data) const noexcept {
  int tensor = owner->engine.tensorOf(index);
  if (tensor < 0) return false;
  const TensorSpec& spec = *owner->engine.io[std::size_t(tensor)];
  std::memset(data, kOutputPattern, tensorBytes(spec, spec.dims));
  return true;
}

bool ExecutionContext::Impl::enqueueV2(void* const* bindings, cudaStream_t, cudaEvent_t*) noexcept {
  if (owner->engine.plan.implicitBatch > 0) {
    error("3: Error Code 3: API Usage Error (an implicit-batch engine runs with enqueue(batchSize, ...))");
    return false;
  }
  std::vector<void*> pointers;
  std::size_t base = std::size_t(std::max(0, owner->profile)) * owner->engine.io.size();
  for (std::size_t index = 0; index < owner->engine.io.size(); ++index) pointers.push_back(bindings[base + index]);
  return owner->run(pointers, 0);
}

bool ExecutionContext::Impl::enqueue(std::int32_t batch, void* const* bindings, cudaStream_t, cudaEvent_t*) noexcept {
  if (owner->engine.plan.implicitBatch == 0 || batch < 1 || batch > owner->engine.plan.implicitBatch) {
    error("3: Error Code 3: API Usage Error (enqueue(batchSize) needs an implicit-batch engine and 1 <= batchSize <= "
          "maxBatchSize)");
    return false;
  }
  std::vector<void*> pointers(bindings, bindings + owner->engine.io.size());
  return owner->run(pointers, batch);
}
#else
bool ExecutionContext::Impl::setInputShape(const char* name, const Dims& dims) noexcept {
  const TensorSpec* tensor = owner->engine.find(name);
  if (tensor == nullptr || !owner->engine.isInput(tensor)) {
    error(std::string("3: Error Code 3: API Usage Error (") + name + " is not an input)");
    return false;
  }
  return owner->setShape(*tensor, fromDims(dims));
}

Dims ExecutionContext::Impl::getTensorShape(const char* name) const noexcept {
  const TensorSpec* tensor = owner->engine.find(name);
  if (tensor == nullptr) return Dims{};
  if (owner->engine.isInput(tensor)) {
    auto found = owner->shapes.find(name);
    return toDims(found != owner->shapes.end() ? found->second : tensor->dims);
  }
  return toDims(owner->outputShape(*tensor));
}

bool ExecutionContext::Impl::setTensorAddress(const char* name, void* data) noexcept {
  const TensorSpec* tensor = owner->engine.find(name);
  if (tensor == nullptr) {
    error(std::string("3: Error Code 3: API Usage Error (no tensor named ") + name + ")");
    return false;
  }
  if (data != nullptr && reinterpret_cast<std::uintptr_t>(data) % 256 != 0) {
    error(std::string("3: [executionContext.cpp::setTensorAddress] Error Code 3: API Usage Error (Parameter check "
                      "failed, condition: (reinterpret_cast<uintptr_t>(data) & 255) == 0. the address of ") +
          name + " is not 256-byte aligned)");
    return false;
  }
  if (tensor->host && owner->engine.isInput(tensor) && data != nullptr) {
    // kHOST shape values are read now, for shape inference.
    std::size_t count = tensorBytes(*tensor, tensor->dims) / dtypeSize(tensor->dtype);
    if (!checkMemory(std::string("shape values of ") + name, data, count * dtypeSize(tensor->dtype), true)) return false;
    owner->shapeValues[name] = std::vector<std::int64_t>(count, 0);
  }
  owner->addresses[name] = data;
  return true;
}

bool ExecutionContext::Impl::setInputTensorAddress(const char* name, const void* data) noexcept {
  return setTensorAddress(name, const_cast<void*>(data));
}

bool ExecutionContext::Impl::setOutputAllocator(const char* name, nvinfer1::IOutputAllocator* allocator) noexcept {
  owner->allocators[name] = allocator;
  return true;
}

bool ExecutionContext::Impl::enqueueV3(cudaStream_t) noexcept {
  std::vector<void*> pointers;
  for (const auto* tensor : owner->engine.io) {
    auto found = owner->addresses.find(tensor->name);
    pointers.push_back(found == owner->addresses.end() ? nullptr : found->second);
  }
  return owner->run(pointers, 0);
}
#endif

}  // namespace fake
