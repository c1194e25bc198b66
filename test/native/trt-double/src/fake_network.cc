#include "fake_network.h"

#include <algorithm>

namespace fake {

Dims toDims(const std::vector<std::int64_t>& values) {
  Dims dims{};
  dims.nbDims = int(std::min<std::size_t>(values.size(), Dims::MAX_DIMS));
  for (int axis = 0; axis < dims.nbDims; ++axis) dims.d[axis] = static_cast<decltype(dims.d[0] + 0)>(values[axis]);
  return dims;
}

std::vector<std::int64_t> fromDims(const Dims& dims) {
  std::vector<std::int64_t> values;
  for (int axis = 0; axis < dims.nbDims && axis < Dims::MAX_DIMS; ++axis) values.push_back(dims.d[axis]);
  return values;
}

Tensor::Tensor(TensorSpec value) : spec(std::move(value)) {
  impl_.owner = this;
  mImpl = &impl_;
}

// The double's networks only hold I/O tensors.
bool Tensor::Impl::isNetworkInput() const noexcept { return true; }
bool Tensor::Impl::isNetworkOutput() const noexcept { return true; }

Layer::Layer(LayerSpec value, void* weightMemory) : spec(std::move(value)), weights(weightMemory) {
  impl_.owner = this;
  mLayer = &impl_;
}

nvinfer1::LayerType Layer::Impl::getType() const noexcept {
  const std::string& type = owner->spec.type;
  if (type == "Quantize") return nvinfer1::LayerType::kQUANTIZE;
  if (type == "Dequantize") return nvinfer1::LayerType::kDEQUANTIZE;
  if (type == "PluginV2") return nvinfer1::LayerType::kPLUGIN_V2;
  return nvinfer1::LayerType::kCONVOLUTION;
}

Network::Network(std::uint32_t value) : flags(value) {
  impl_.owner = this;
  mImpl = &impl_;
}

bool Network::stronglyTyped() const {
#if NV_TENSORRT_MAJOR >= 11
  return true;  // every 11.x network
#elif NV_TENSORRT_MAJOR == 10
  return (flags & (1U << static_cast<int>(nvinfer1::NetworkDefinitionCreationFlag::kSTRONGLY_TYPED))) != 0;
#else
  return false;
#endif
}

nvinfer1::ITensor* Network::Impl::getInput(std::int32_t index) const noexcept {
  return index >= 0 && std::size_t(index) < owner->inputs.size() ? owner->inputs[std::size_t(index)].get() : nullptr;
}

nvinfer1::ITensor* Network::Impl::getOutput(std::int32_t index) const noexcept {
  return index >= 0 && std::size_t(index) < owner->outputs.size() ? owner->outputs[std::size_t(index)].get() : nullptr;
}

nvinfer1::ILayer* Network::Impl::getLayer(std::int32_t index) const noexcept {
  return index >= 0 && std::size_t(index) < owner->layers.size() ? owner->layers[std::size_t(index)].get() : nullptr;
}

OptimizationProfile::OptimizationProfile() {
  impl_.owner = this;
  mImpl = &impl_;
}

bool OptimizationProfile::Impl::setDimensions(const char* name, nvinfer1::OptProfileSelector select,
                                              DimsArgument dims) noexcept {
  auto& shapes = owner->spec.shapes[name];
  shapes.resize(3);
  shapes[std::size_t(select)] = fromDims(dims);
  return true;
}

Dims OptimizationProfile::Impl::getDimensions(const char* name, nvinfer1::OptProfileSelector select) const noexcept {
  auto found = owner->spec.shapes.find(name);
  if (found == owner->spec.shapes.end() || found->second.size() < 3) return Dims{};
  return toDims(found->second[std::size_t(select)]);
}

}  // namespace fake
