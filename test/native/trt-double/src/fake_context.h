// The double's execution context: records shapes, shape values, addresses
// and output allocators, and checks them (TensorRT's documented rules) when
// trtmap enqueues. It executes nothing: outputs are filled with kPattern.
#pragma once

#include "fake_runtime.h"

namespace fake {

constexpr unsigned char kOutputPattern = 0x7F;

class ExecutionContext : public nvinfer1::IExecutionContext {
 public:
  explicit ExecutionContext(Engine& engine);
  ~ExecutionContext() override;

  Engine& engine;
  int profile = 0;  // -1: none selected (8.x: every context after the first)
  std::map<std::string, std::vector<std::int64_t>> shapes;       // input shapes set
  std::map<std::string, std::vector<std::int64_t>> shapeValues;  // shape-tensor values read on the host
  std::map<std::string, void*> addresses;                        // 10.x setTensorAddress
#if NV_TENSORRT_MAJOR >= 10
  std::map<std::string, nvinfer1::IOutputAllocator*> allocators;
#endif

  bool selectProfile(int index);
  bool setShape(const TensorSpec& tensor, const std::vector<std::int64_t>& dims);
  // The output's shape from the inputs' (the batch follows the first input);
  // data-dependent dimensions stay -1.
  std::vector<std::int64_t> outputShape(const TensorSpec& tensor) const;
  bool inputsReady() const;
  // Checks and "runs": every input read, every output written with the pattern.
  bool run(const std::vector<void*>& addresses, int batch);

 private:
  struct Impl : nvinfer1::fakedefaults::VExecutionContextDefault {
    ExecutionContext* owner = nullptr;
    bool setOptimizationProfileAsync(std::int32_t index, cudaStream_t) noexcept override {
      return owner->selectProfile(index);
    }
    std::int32_t getOptimizationProfile() const noexcept override { return owner->profile; }
#if NV_TENSORRT_MAJOR == 8
    bool setBindingDimensions(std::int32_t index, Dims dims) noexcept override;
    Dims getBindingDimensions(std::int32_t index) const noexcept override;
    bool setInputShapeBinding(std::int32_t index, const std::int32_t* data) noexcept override;
    bool getShapeBinding(std::int32_t index, std::int32_t* data) const noexcept override;
    bool allInputDimensionsSpecified() const noexcept override { return owner->inputsReady(); }
    bool enqueueV2(void* const* bindings, cudaStream_t stream, cudaEvent_t* consumed) noexcept override;
    bool enqueue(std::int32_t batch, void* const* bindings, cudaStream_t stream, cudaEvent_t* consumed) noexcept override;
#else
    bool setInputShape(const char* name, const Dims& dims) noexcept override;
    Dims getTensorShape(const char* name) const noexcept override;
    bool setTensorAddress(const char* name, void* data) noexcept override;
    bool setInputTensorAddress(const char* name, const void* data) noexcept override;
    bool setOutputAllocator(const char* name, nvinfer1::IOutputAllocator* allocator) noexcept override;
    bool enqueueV3(cudaStream_t stream) noexcept override;
#endif
  } impl_;
  bool checkInputs(const std::vector<void*>& addresses, int batch);
  bool writeOutputs(const std::vector<void*>& addresses, int batch);
};

}  // namespace fake
