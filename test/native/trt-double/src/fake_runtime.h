// The double's runtime: deserializing text plans (with TensorRT's checks of
// the plan header, plugins, version-compatible host code and DLA core),
// engines describing their tensors, execution contexts that check every
// address, shape and profile before an "enqueue" that executes nothing.
#pragma once

#include <mutex>
#include <set>

#include "fake_network.h"

namespace fake {

class ExecutionContext;

class Engine : public nvinfer1::ICudaEngine {
 public:
  explicit Engine(Spec plan);
  Spec plan;
  std::vector<const TensorSpec*> io;  // inputs, then outputs
  int profileCount() const { return plan.profiles.empty() ? 1 : int(plan.profiles.size()); }
  // 8.x bindings: io index and profile of a binding index, -1 when out of range.
  int tensorOf(int binding) const;
  int profileOf(int binding) const;
  const TensorSpec* find(const std::string& name) const;
  bool isInput(const TensorSpec* tensor) const;
  bool dynamicInputs() const;

  std::mutex mutex;
  std::set<ExecutionContext*> contexts;  // live ones, for profile ownership
  std::vector<std::string> bindingNames, formats;

 private:
  struct Impl : nvinfer1::fakedefaults::VCudaEngineDefault {
    Engine* owner = nullptr;
    std::int32_t getNbLayers() const noexcept override { return std::int32_t(owner->plan.layers.size()); }
    std::int32_t getNbOptimizationProfiles() const noexcept override { return owner->profileCount(); }
    nvinfer1::IEngineInspector* createEngineInspector() const noexcept override;
#if NV_TENSORRT_MAJOR < 11
    std::size_t getDeviceMemorySize() const noexcept override { return owner->plan.deviceMemory; }
#endif
#if NV_TENSORRT_MAJOR == 8
    std::int32_t getNbBindings() const noexcept override { return std::int32_t(owner->bindingNames.size()); }
    std::int32_t getBindingIndex(const char* name) const noexcept override;
    const char* getBindingName(std::int32_t index) const noexcept override;
    bool bindingIsInput(std::int32_t index) const noexcept override;
    Dims getBindingDimensions(std::int32_t index) const noexcept override;
    nvinfer1::DataType getBindingDataType(std::int32_t index) const noexcept override;
    std::int32_t getMaxBatchSize() const noexcept override { return std::max(1, owner->plan.implicitBatch); }
    nvinfer1::TensorLocation getLocation(std::int32_t index) const noexcept override;
    std::int32_t getBindingComponentsPerElement(std::int32_t index) const noexcept override;
    const char* getBindingFormatDesc(std::int32_t index) const noexcept override;
    std::int32_t getBindingVectorizedDim(std::int32_t index) const noexcept override;
    Dims getProfileDimensions(std::int32_t index, std::int32_t profile,
                              nvinfer1::OptProfileSelector select) const noexcept override;
    bool isShapeBinding(std::int32_t index) const noexcept override;
    bool isExecutionBinding(std::int32_t index) const noexcept override;
    bool hasImplicitBatchDimension() const noexcept override { return owner->plan.implicitBatch > 0; }
    nvinfer1::IExecutionContext* createExecutionContext() noexcept override;
#else
    nvinfer1::IExecutionContext* createExecutionContext(
        nvinfer1::ExecutionContextAllocationStrategy strategy) noexcept override;
    std::int64_t getDeviceMemorySizeV2() const noexcept override { return std::int64_t(owner->plan.deviceMemory); }
    std::int32_t getNbIOTensors() const noexcept override { return std::int32_t(owner->io.size()); }
    const char* getIOTensorName(std::int32_t index) const noexcept override;
    nvinfer1::TensorIOMode getTensorIOMode(const char* name) const noexcept override;
    nvinfer1::DataType getTensorDataType(const char* name) const noexcept override;
    const char* getTensorFormatDesc(const char* name) const noexcept override;
    Dims getTensorShape(const char* name) const noexcept override;
    std::int32_t getTensorVectorizedDim(const char* name) const noexcept override;
    std::int32_t getTensorComponentsPerElement(const char* name) const noexcept override;
    nvinfer1::TensorLocation getTensorLocation(const char* name) const noexcept override;
    Dims getProfileShape(const char* name, std::int32_t profile,
                         nvinfer1::OptProfileSelector select) const noexcept override;
#endif
  } impl_;
};

class Runtime : public nvinfer1::IRuntime {
 public:
  Runtime();
  int dlaCore = -1;
  bool hostCodeAllowed = false;

 private:
  struct Impl : nvinfer1::fakedefaults::VRuntimeDefault {
    Runtime* owner = nullptr;
#if NV_TENSORRT_MAJOR == 8
    nvinfer1::ICudaEngine* deserializeCudaEngine(const void* blob, std::size_t size,
                                                 nvinfer1::IPluginFactory*) noexcept override;
#else
    nvinfer1::ICudaEngine* deserializeCudaEngine(const void* blob, std::size_t size) noexcept override;
    void setEngineHostCodeAllowed(bool allowed) noexcept override { owner->hostCodeAllowed = allowed; }
#endif
    void setDLACore(std::int32_t core) noexcept override { owner->dlaCore = core; }
    std::int32_t getDLACore() const noexcept override { return owner->dlaCore; }
    std::int32_t getNbDLACores() const noexcept override { return dlaCores(); }
  } impl_;
};

// The engine inspector's JSON for a plan (fake_runtime.cc).
std::string engineInformation(const Spec& plan);

}  // namespace fake
