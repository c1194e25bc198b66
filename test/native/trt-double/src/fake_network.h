// The double's network definition: tensors and layers a fake parser adds,
// optimization profiles, and what the builder configuration records.
#pragma once

#include <memory>

#include "fake.h"
#include "fake_defaults.h"

namespace fake {

using Dims = nvinfer1::Dims;
// TensorRT 10 passes Dims by const reference where 8.x passed them by value.
#if NV_TENSORRT_MAJOR >= 10
using DimsArgument = const nvinfer1::Dims&;
#else
using DimsArgument = nvinfer1::Dims;
#endif

Dims toDims(const std::vector<std::int64_t>& values);
std::vector<std::int64_t> fromDims(const Dims& dims);

class Tensor : public nvinfer1::ITensor {
 public:
  explicit Tensor(TensorSpec spec);
  TensorSpec spec;
  nvinfer1::TensorFormats allowedFormats = ~0U;

 private:
  struct Impl : nvinfer1::fakedefaults::VTensorDefault {
    Tensor* owner = nullptr;
    const char* getName() const noexcept override { return owner->spec.name.c_str(); }
    Dims getDimensions() const noexcept override { return toDims(owner->spec.dims); }
    nvinfer1::DataType getType() const noexcept override { return nvinfer1::DataType(owner->spec.dtype); }
    void setAllowedFormats(nvinfer1::TensorFormats formats) noexcept override { owner->allowedFormats = formats; }
    nvinfer1::TensorFormats getAllowedFormats() const noexcept override { return owner->allowedFormats; }
    bool isNetworkInput() const noexcept override;
    bool isNetworkOutput() const noexcept override;
  } impl_;
};

class Layer : public nvinfer1::ILayer {
 public:
  Layer(LayerSpec spec, void* weights);
  LayerSpec spec;
  void* weights = nullptr;  // owned by the parser that made the layer

 private:
  struct Impl : nvinfer1::fakedefaults::VLayerDefault {
    Layer* owner = nullptr;
    nvinfer1::LayerType getType() const noexcept override;
    const char* getName() const noexcept override { return owner->spec.name.c_str(); }
  } impl_;
};

class Network : public nvinfer1::INetworkDefinition {
 public:
  explicit Network(std::uint32_t flags);
  std::uint32_t flags;
  std::vector<std::unique_ptr<Tensor>> inputs, outputs;
  std::vector<std::unique_ptr<Layer>> layers;
  int implicitBatch = 0;
  std::string uffInputOrder;
  std::string failBuild;
  bool stronglyTyped() const;

 private:
  struct Impl : nvinfer1::fakedefaults::VNetworkDefinitionDefault {
    Network* owner = nullptr;
    std::int32_t getNbInputs() const noexcept override { return std::int32_t(owner->inputs.size()); }
    nvinfer1::ITensor* getInput(std::int32_t index) const noexcept override;
    std::int32_t getNbOutputs() const noexcept override { return std::int32_t(owner->outputs.size()); }
    nvinfer1::ITensor* getOutput(std::int32_t index) const noexcept override;
    std::int32_t getNbLayers() const noexcept override { return std::int32_t(owner->layers.size()); }
    nvinfer1::ILayer* getLayer(std::int32_t index) const noexcept override;
  } impl_;
};

class OptimizationProfile : public nvinfer1::IOptimizationProfile {
 public:
  OptimizationProfile();
  ProfileSpec spec;

 private:
  struct Impl : nvinfer1::fakedefaults::VOptimizationProfileDefault {
    OptimizationProfile* owner = nullptr;
    bool setDimensions(const char* name, nvinfer1::OptProfileSelector select, DimsArgument dims) noexcept override;
    Dims getDimensions(const char* name, nvinfer1::OptProfileSelector select) const noexcept override;
    bool isValid() const noexcept override { return !owner->spec.shapes.empty(); }
  } impl_;
};

}  // namespace fake
