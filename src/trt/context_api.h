// What differs between TensorRT 8 and 10 when running a context: shapes are
// set per binding index or per tensor name; addresses go in a bindings array
// for enqueueV2 (or enqueue for implicit-batch engines) or are set by name
// for enqueueV3.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trt/api.h"

namespace trtmap {
namespace trt {

struct TensorSlot {
  std::string name;
  int bindingIndex = -1;  // 8.x
  bool isInput = false;
  std::size_t elementSize = 0;
  std::vector<std::int64_t> shape;  // this run's
  void* address = nullptr;          // what TensorRT reads or writes
};

// Implicit-batch engines (UFF, 8.x) take no input shapes; the batch is the
// first dimension of the first input.
bool setInputShape(nvinfer1::IExecutionContext& context, const TensorSlot& slot, bool implicitBatch);
std::vector<std::int64_t> outputShape(const nvinfer1::IExecutionContext& context, const TensorSlot& slot,
                                      bool implicitBatch, std::int64_t batch);
bool enqueue(nvinfer1::IExecutionContext& context, const nvinfer1::ICudaEngine& engine,
             const std::vector<TensorSlot>& slots, cudaStream_t stream, bool implicitBatch,
             std::int64_t batch);
int bindingIndex(const nvinfer1::ICudaEngine& engine, const std::string& name);

}  // namespace trt
}  // namespace trtmap
