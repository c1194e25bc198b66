#include "fake_runtime.h"

#include <algorithm>
#include <cstring>

#include "fake_context.h"

namespace fake {

namespace {

class EngineInspector : public nvinfer1::IEngineInspector {
 public:
  explicit EngineInspector(std::string json) : json_(std::move(json)) {
    impl_.owner = this;
    mImpl = &impl_;
  }

 private:
  struct Impl : nvinfer1::fakedefaults::VEngineInspectorDefault {
    EngineInspector* owner = nullptr;
#if NV_TENSORRT_MAJOR >= 10
    const char* getEngineInformation(nvinfer1::LayerInformationFormat) const noexcept override {
#else
    const char* getEngineInformation(nvinfer1::LayerInformationFormat) noexcept override {
#endif
      return owner->json_.c_str();
    }
  } impl_;
  std::string json_;
};

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string precisionFormat(const std::string& precision) {
  if (precision == "fp16") return "Row major linear FP16 format";
  if (precision == "int8") return "Channel major INT8 format where channel % 32 == 0";
  return "Row major linear FP32 format";
}

// The plan header check TensorRT makes before anything else.
bool checkHeader(const unsigned char* bytes, std::size_t size) {
  if (size < 32 || (std::memcmp(bytes, "ftrt", 4) != 0 && std::memcmp(bytes, "ptrt", 4) != 0)) {
    error("1: [runtime.cpp::parsePlan] Error Code 1: Serialization (Serialization assertion plan->header.magicTag == "
          "rt::kPLAN_MAGIC_TAG failed.)");
    return false;
  }
  const bool modern = std::memcmp(bytes, "ftrt", 4) == 0;
  bool same = modern ? bytes[24] == kMajor && bytes[25] == kMinor && bytes[26] == kPatch
                     : int(bytes[8]) == serializationVersion(kMajor, kMinor) && kMajor == 8 && kMinor < 6;
  if (!same) {
    std::string built = modern ? std::to_string(bytes[24]) + "." + std::to_string(bytes[25]) + "." +
                                     std::to_string(bytes[26])
                               : "serialization version " + std::to_string(bytes[8]);
    error("1: [runtime.cpp::deserializeCudaEngine] Error Code 1: Serialization (The engine plan file is not compatible "
          "with this version of TensorRT, expecting library version " + versionText() + " got " + built +
          ", please rebuild.)");
    return false;
  }
  return true;
}

nvinfer1::ICudaEngine* deserialize(const Runtime& runtime, const void* blob, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(blob);
  if (blob == nullptr || !checkHeader(bytes, size)) return nullptr;
  std::string text(reinterpret_cast<const char*>(bytes) + 32, size - 32);
  Spec plan;
  std::string problem;
  if (text.rfind("TRTMAP-FAKE-PLAN\n", 0) != 0 || !parseSpec(text, plan, problem)) {
    error("1: [runtime.cpp] Error Code 1: Serialization (not a plan of the TensorRT double: " + problem + ")");
    return nullptr;
  }
  if (!plan.errorOnLoad.empty()) error(plan.errorOnLoad);  // logged, yet the load succeeds
  for (const auto& layer : plan.layers) {
    if (!layer.plugin.empty() && !pluginRegistered(layer.plugin, layer.pluginVersion)) {
      error(missingPluginMessage(layer.plugin, layer.pluginVersion));
      error("1: [pluginV2Runner.cpp::load::292] Error Code 1: Serialization (Serialization assertion creator "
            "failed.Cannot deserialize plugin since corresponding IPluginCreator not found in Plugin Registry)");
      return nullptr;
    }
  }
  if (plan.versionCompatible && !runtime.hostCodeAllowed) {
    error("1: [runtime.cpp] Error Code 1: Serialization (the plan is version compatible and embeds host code: call "
          "IRuntime::setEngineHostCodeAllowed(true) before deserializing it)");
    return nullptr;
  }
  if (plan.dlaCore >= 0 && runtime.dlaCore != plan.dlaCore) {
    error("1: [runtime.cpp] Error Code 1: Serialization (the engine runs on DLA core " + std::to_string(plan.dlaCore) +
          ": call IRuntime::setDLACore(" + std::to_string(plan.dlaCore) + ") before deserializing it)");
    return nullptr;
  }
  return new Engine(plan);
}

}  // namespace

std::string engineInformation(const Spec& plan) {
  std::string layers;
  for (const auto& layer : plan.layers) {
    if (!layers.empty()) layers += ",";
    if (!plan.detailed) {
      layers += quoted(layer.name);
      continue;
    }
    layers += "{\"Name\":" + quoted(layer.name) + ",\"LayerType\":" + quoted(layer.type) +
              ",\"Outputs\":[{\"Name\":" + quoted(layer.name + "_out") +
              ",\"Location\":\"Device\",\"Format/Datatype\":" + quoted(precisionFormat(layer.precision)) +
              "}],\"TacticName\":\"none: the TensorRT test double executes nothing\"}";
  }
  std::string bindings;
  for (const auto& tensor : plan.inputs) bindings += (bindings.empty() ? "" : ",") + quoted(tensor.name);
  for (const auto& tensor : plan.outputs) bindings += (bindings.empty() ? "" : ",") + quoted(tensor.name);
  return "{\"Layers\":[" + layers + "],\"Bindings\":[" + bindings + "]}";
}

Engine::Engine(Spec value) : plan(std::move(value)) {
  impl_.owner = this;
  mImpl = &impl_;
  for (const auto& tensor : plan.inputs) io.push_back(&tensor);
  for (const auto& tensor : plan.outputs) io.push_back(&tensor);
  for (int profile = 0; profile < profileCount(); ++profile) {
    for (const auto* tensor : io) {
      bindingNames.push_back(profile == 0 ? tensor->name : tensor->name + " [profile " + std::to_string(profile) + "]");
    }
  }
  for (const auto* tensor : io) formats.push_back(formatDescription(*tensor));
}

int Engine::tensorOf(int binding) const {
  return binding >= 0 && std::size_t(binding) < bindingNames.size() ? binding % int(io.size()) : -1;
}

int Engine::profileOf(int binding) const { return tensorOf(binding) < 0 ? -1 : binding / int(io.size()); }

const TensorSpec* Engine::find(const std::string& name) const {
  for (const auto* tensor : io) {
    if (tensor->name == name) return tensor;
  }
  return nullptr;
}

bool Engine::isInput(const TensorSpec* tensor) const {
  for (const auto& input : plan.inputs) {
    if (&input == tensor) return true;
  }
  return false;
}

bool Engine::dynamicInputs() const {
  for (const auto& input : plan.inputs) {
    if (std::find(input.dims.begin(), input.dims.end(), -1) != input.dims.end()) return true;
  }
  return false;
}

nvinfer1::IEngineInspector* Engine::Impl::createEngineInspector() const noexcept {
  return new EngineInspector(engineInformation(owner->plan));
}

#if NV_TENSORRT_MAJOR == 8
std::int32_t Engine::Impl::getBindingIndex(const char* name) const noexcept {
  for (std::size_t index = 0; index < owner->bindingNames.size(); ++index) {
    if (owner->bindingNames[index] == name) return std::int32_t(index);
  }
  return -1;
}

const char* Engine::Impl::getBindingName(std::int32_t index) const noexcept {
  return owner->tensorOf(index) < 0 ? nullptr : owner->bindingNames[std::size_t(index)].c_str();
}

bool Engine::Impl::bindingIsInput(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return tensor >= 0 && std::size_t(tensor) < owner->plan.inputs.size();
}

Dims Engine::Impl::getBindingDimensions(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return tensor < 0 ? Dims{} : toDims(owner->io[std::size_t(tensor)]->dims);
}

nvinfer1::DataType Engine::Impl::getBindingDataType(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return nvinfer1::DataType(tensor < 0 ? 0 : owner->io[std::size_t(tensor)]->dtype);
}

nvinfer1::TensorLocation Engine::Impl::getLocation(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return tensor >= 0 && owner->io[std::size_t(tensor)]->host ? nvinfer1::TensorLocation::kHOST
                                                              : nvinfer1::TensorLocation::kDEVICE;
}

std::int32_t Engine::Impl::getBindingComponentsPerElement(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return tensor < 0 ? -1 : owner->io[std::size_t(tensor)]->components;
}

const char* Engine::Impl::getBindingFormatDesc(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return tensor < 0 ? nullptr : owner->formats[std::size_t(tensor)].c_str();
}

std::int32_t Engine::Impl::getBindingVectorizedDim(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return tensor < 0 ? -1 : owner->io[std::size_t(tensor)]->vectorizedDim;
}

Dims Engine::Impl::getProfileDimensions(std::int32_t index, std::int32_t profile,
                                        nvinfer1::OptProfileSelector select) const noexcept {
  int tensor = owner->tensorOf(index);
  if (tensor < 0 || profile < 0 || std::size_t(profile) >= owner->plan.profiles.size()) return Dims{};
  const auto& shapes = owner->plan.profiles[std::size_t(profile)].shapes;
  auto found = shapes.find(owner->io[std::size_t(tensor)]->name);
  return found == shapes.end() ? Dims{} : toDims(found->second[std::size_t(select)]);
}

bool Engine::Impl::isShapeBinding(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return tensor >= 0 && owner->io[std::size_t(tensor)]->shapeTensor;
}

bool Engine::Impl::isExecutionBinding(std::int32_t index) const noexcept {
  int tensor = owner->tensorOf(index);
  return tensor >= 0 && !owner->io[std::size_t(tensor)]->host;
}

nvinfer1::IExecutionContext* Engine::Impl::createExecutionContext() noexcept { return new ExecutionContext(*owner); }
#else
nvinfer1::IExecutionContext* Engine::Impl::createExecutionContext(
    nvinfer1::ExecutionContextAllocationStrategy) noexcept {
  return new ExecutionContext(*owner);
}

const char* Engine::Impl::getIOTensorName(std::int32_t index) const noexcept {
  return index >= 0 && std::size_t(index) < owner->io.size() ? owner->io[std::size_t(index)]->name.c_str() : nullptr;
}

nvinfer1::TensorIOMode Engine::Impl::getTensorIOMode(const char* name) const noexcept {
  const TensorSpec* tensor = owner->find(name);
  if (tensor == nullptr) return nvinfer1::TensorIOMode::kNONE;
  return owner->isInput(tensor) ? nvinfer1::TensorIOMode::kINPUT : nvinfer1::TensorIOMode::kOUTPUT;
}

nvinfer1::DataType Engine::Impl::getTensorDataType(const char* name) const noexcept {
  const TensorSpec* tensor = owner->find(name);
  return nvinfer1::DataType(tensor == nullptr ? 0 : tensor->dtype);
}

const char* Engine::Impl::getTensorFormatDesc(const char* name) const noexcept {
  for (std::size_t index = 0; index < owner->io.size(); ++index) {
    if (owner->io[index]->name == name) return owner->formats[index].c_str();
  }
  return nullptr;
}

Dims Engine::Impl::getTensorShape(const char* name) const noexcept {
  const TensorSpec* tensor = owner->find(name);
  return tensor == nullptr ? Dims{} : toDims(tensor->dims);
}

std::int32_t Engine::Impl::getTensorVectorizedDim(const char* name) const noexcept {
  const TensorSpec* tensor = owner->find(name);
  return tensor == nullptr ? -1 : tensor->vectorizedDim;
}

std::int32_t Engine::Impl::getTensorComponentsPerElement(const char* name) const noexcept {
  const TensorSpec* tensor = owner->find(name);
  return tensor == nullptr ? -1 : tensor->components;
}

nvinfer1::TensorLocation Engine::Impl::getTensorLocation(const char* name) const noexcept {
  const TensorSpec* tensor = owner->find(name);
  return tensor != nullptr && tensor->host ? nvinfer1::TensorLocation::kHOST : nvinfer1::TensorLocation::kDEVICE;
}

Dims Engine::Impl::getProfileShape(const char* name, std::int32_t profile,
                                   nvinfer1::OptProfileSelector select) const noexcept {
  if (profile < 0 || std::size_t(profile) >= owner->plan.profiles.size()) return Dims{};
  const auto& shapes = owner->plan.profiles[std::size_t(profile)].shapes;
  auto found = shapes.find(name);
  return found == shapes.end() ? Dims{} : toDims(found->second[std::size_t(select)]);
}
#endif

Runtime::Runtime() {
  impl_.owner = this;
  mImpl = &impl_;
}

#if NV_TENSORRT_MAJOR == 8
nvinfer1::ICudaEngine* Runtime::Impl::deserializeCudaEngine(const void* blob, std::size_t size,
                                                            nvinfer1::IPluginFactory*) noexcept {
  return deserialize(*owner, blob, size);
}
#else
nvinfer1::ICudaEngine* Runtime::Impl::deserializeCudaEngine(const void* blob, std::size_t size) noexcept {
  return deserialize(*owner, blob, size);
}
#endif

}  // namespace fake

TRTMAP_FAKE_EXPORT void* createInferRuntime_INTERNAL(void* logger, std::int32_t) noexcept {
  fake::setLogger(static_cast<nvinfer1::ILogger*>(logger));
  return static_cast<nvinfer1::IRuntime*>(new fake::Runtime());
}
