// Reading an engine's input and output tensors: bindings on TensorRT 8
// (profile 0's share of them), named IO tensors on TensorRT 10.
#include <algorithm>

#include "trt/engine_impl.h"

namespace trtmap {
namespace trt {

namespace {

bool hasDynamicDimension(const std::vector<std::int64_t>& shape) {
  return std::find(shape.begin(), shape.end(), -1) != shape.end();
}

}  // namespace

// By value rather than by enumerator: newer 10.x minors add types, and the
// names must not depend on which headers were used.
std::string dataTypeName(nvinfer1::DataType type) {
  static const char* const names[] = {"float32", "float16", "int8",  "int32", "bool",  "uint8",
                                      "fp8",     "bfloat16", "int64", "int4",  "fp4",   "e8m0"};
  int index = static_cast<int>(type);
  if (index >= 0 && index < int(sizeof(names) / sizeof(names[0]))) return names[index];
  return "unknown(" + std::to_string(index) + ")";
}

// 0 for sub-byte types, which trtmap does not bind.
std::size_t dataTypeSize(nvinfer1::DataType type) {
  static const std::size_t sizes[] = {4, 2, 1, 4, 1, 1, 1, 2, 8, 0, 0, 1};
  int index = static_cast<int>(type);
  if (index >= 0 && index < int(sizeof(sizes) / sizeof(sizes[0]))) return sizes[index];
  return 0;
}

std::vector<std::int64_t> toShape(const nvinfer1::Dims& dims) {
  std::vector<std::int64_t> shape;
  for (int axis = 0; axis < dims.nbDims && axis < nvinfer1::Dims::MAX_DIMS; ++axis) {
    shape.push_back(dims.d[axis]);
  }
  return shape;
}

nvinfer1::Dims toDims(const std::vector<std::int64_t>& shape) {
  nvinfer1::Dims dims{};
  dims.nbDims = static_cast<int>(std::min<std::size_t>(shape.size(), nvinfer1::Dims::MAX_DIMS));
  for (int axis = 0; axis < dims.nbDims; ++axis) {
    dims.d[axis] = static_cast<decltype(dims.d[0] + 0)>(shape[axis]);
  }
  return dims;
}

#if TRTMAP_TRT8
TRTMAP_ALLOW_DEPRECATED_BEGIN  // the binding API, deprecated from 8.5 on
void describeTensors(const nvinfer1::ICudaEngine& engine, EngineDescription& description) {
  using nvinfer1::OptProfileSelector;
  const int profiles = std::max(1, engine.getNbOptimizationProfiles());
  const int perProfile = engine.getNbBindings() / profiles;
  description.implicitBatch = engine.hasImplicitBatchDimension();
  description.maxBatchSize = engine.getMaxBatchSize();
  description.bindingsPerProfile = perProfile;
  for (int index = 0; index < perProfile; ++index) {
    TensorDescription tensor;
    tensor.name = engine.getBindingName(index);
    tensor.isInput = engine.bindingIsInput(index);
    tensor.dtype = dataTypeName(engine.getBindingDataType(index));
    tensor.elementSize = dataTypeSize(engine.getBindingDataType(index));
    const char* format = engine.getBindingFormatDesc(index);
    tensor.format = format != nullptr ? format : "";
    tensor.vectorizedDim = engine.getBindingVectorizedDim(index);
    tensor.componentsPerElement = std::max(1, engine.getBindingComponentsPerElement(index));
    // Shape bindings are read and written on the host (setInputShapeBinding,
    // getShapeBinding); one that is also an execution binding is read on the
    // device as well.
    tensor.hostValues = engine.isShapeBinding(index);
    tensor.onHost = tensor.hostValues && !engine.isExecutionBinding(index);
    tensor.shape = toShape(engine.getBindingDimensions(index));
    if (description.implicitBatch) tensor.shape.insert(tensor.shape.begin(), -1);
    if (tensor.isInput && !description.implicitBatch && hasDynamicDimension(tensor.shape)) {
      tensor.profileMin = toShape(engine.getProfileDimensions(index, 0, OptProfileSelector::kMIN));
      tensor.profileOpt = toShape(engine.getProfileDimensions(index, 0, OptProfileSelector::kOPT));
      tensor.profileMax = toShape(engine.getProfileDimensions(index, 0, OptProfileSelector::kMAX));
    }
    description.tensors.push_back(tensor);
  }
}
TRTMAP_ALLOW_DEPRECATED_END
#else
void describeTensors(const nvinfer1::ICudaEngine& engine, EngineDescription& description) {
  using nvinfer1::OptProfileSelector;
  description.bindingsPerProfile = engine.getNbIOTensors();
  for (int index = 0; index < engine.getNbIOTensors(); ++index) {
    TensorDescription tensor;
    const char* name = engine.getIOTensorName(index);
    tensor.name = name;
    tensor.isInput = engine.getTensorIOMode(name) == nvinfer1::TensorIOMode::kINPUT;
    tensor.dtype = dataTypeName(engine.getTensorDataType(name));
    tensor.elementSize = dataTypeSize(engine.getTensorDataType(name));
    const char* format = engine.getTensorFormatDesc(name);
    tensor.format = format != nullptr ? format : "";
    tensor.vectorizedDim = engine.getTensorVectorizedDim(name);
    tensor.componentsPerElement = std::max(1, engine.getTensorComponentsPerElement(name));
    tensor.onHost = engine.getTensorLocation(name) == nvinfer1::TensorLocation::kHOST;
    tensor.hostValues = tensor.onHost;
    tensor.shape = toShape(engine.getTensorShape(name));
    if (tensor.isInput && hasDynamicDimension(tensor.shape)) {
      tensor.profileMin = toShape(engine.getProfileShape(name, 0, OptProfileSelector::kMIN));
      tensor.profileOpt = toShape(engine.getProfileShape(name, 0, OptProfileSelector::kOPT));
      tensor.profileMax = toShape(engine.getProfileShape(name, 0, OptProfileSelector::kMAX));
    }
    description.tensors.push_back(tensor);
  }
}
#endif

}  // namespace trt
}  // namespace trtmap
