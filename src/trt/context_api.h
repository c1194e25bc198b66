// What differs between TensorRT 8 and 10/11 when running a context: shapes
// are set per binding index or per tensor name; shape-tensor values on the
// host through setInputShapeBinding or setTensorAddress; addresses go in a
// bindings array for enqueueV2 (or enqueue for implicit-batch engines) or
// are set by name for enqueueV3, where outputs of data-dependent shape get
// an IOutputAllocator.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trt/api.h"

namespace trtmap {
namespace trt {

class OutputAllocator;

struct TensorSlot {
  std::string name;
  int bindingIndex = -1;  // 8.x, in the context's profile
  bool isInput = false;
  std::size_t elementSize = 0;
  int vectorizedDim = -1;
  int components = 1;
  bool hostValues = false;  // shape tensor values read on the host
  bool onHost = false;      // TensorRT takes a host address
  std::vector<std::int64_t> shape;  // this run's
  bool dataDependent = false;       // output whose shape is known only after enqueue (10.x)
  void* address = nullptr;          // what TensorRT reads or writes
  OutputAllocator* allocator = nullptr;  // dataDependent outputs
};

// Bytes of a tensor of `shape`: the vectorized dimension is padded to a
// multiple of the components per element (TensorRT's vectorized formats).
std::size_t tensorBytes(const std::vector<std::int64_t>& shape, std::size_t elementSize, int vectorizedDim,
                        int components);

// Implicit-batch engines (UFF, 8.x) take no input shapes; the batch is the
// first dimension of the first input.
bool setInputShape(nvinfer1::IExecutionContext& context, const TensorSlot& slot, bool implicitBatch);
// Shape-tensor values from host memory (8.x: setInputShapeBinding, int32;
// 10.x: the host address, before output shapes are queried).
bool setHostValues(nvinfer1::IExecutionContext& context, const TensorSlot& slot, const void* values);
std::vector<std::int64_t> outputShape(const nvinfer1::IExecutionContext& context, const TensorSlot& slot,
                                      bool implicitBatch, std::int64_t batch);
bool enqueue(nvinfer1::IExecutionContext& context, const nvinfer1::ICudaEngine& engine,
             const std::vector<TensorSlot>& slots, cudaStream_t stream, bool implicitBatch, std::int64_t batch);
// 8.x: after the run, the values of output shape bindings (host memory).
bool readHostOutput(const nvinfer1::IExecutionContext& context, const TensorSlot& slot, void* destination);
int bindingIndex(const nvinfer1::ICudaEngine& engine, const std::string& name, int profile, int bindingsPerProfile);
bool selectProfile(nvinfer1::IExecutionContext& context, int profile, cudaStream_t stream);

}  // namespace trt
}  // namespace trtmap
