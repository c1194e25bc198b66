// Engine's TensorRT objects, for engine.cc, engine_tensors.cc and the
// execution context.
#pragma once

#include <memory>

#include "trt/api.h"
#include "trt/engine.h"

namespace trtmap {
namespace trt {

struct Engine::Impl {
  // Declared first so that it is destroyed last: the runtime must outlive
  // the engines it deserialized.
  std::unique_ptr<nvinfer1::IRuntime, Deleter> runtime;
  std::unique_ptr<nvinfer1::ICudaEngine, Deleter> engine;
};

// Fills description.tensors, implicitBatch and maxBatchSize (8.x bindings or
// 10.x named tensors).
void describeTensors(const nvinfer1::ICudaEngine& engine, EngineDescription& description);

std::string dataTypeName(nvinfer1::DataType type);
std::size_t dataTypeSize(nvinfer1::DataType type);
std::vector<std::int64_t> toShape(const nvinfer1::Dims& dims);
nvinfer1::Dims toDims(const std::vector<std::int64_t>& shape);

}  // namespace trt
}  // namespace trtmap
