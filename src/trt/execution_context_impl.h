// ExecutionContext's state, shared by execution_context.cc (creation,
// memory) and execution_run.cc (one run).
#pragma once

#include <functional>
#include <map>
#include <mutex>

#include "cuda/device_memory.h"
#include "cuda/event.h"
#include "cuda/stream.h"
#include "trt/context_api.h"
#include "trt/cuda_graph.h"
#include "trt/engine_impl.h"
#include "trt/execution_context.h"

namespace trtmap {
namespace trt {

struct ExecutionContext::Impl {
  std::shared_ptr<Engine> engine;  // declared first: outlives `context`
  std::unique_ptr<nvinfer1::IExecutionContext, Deleter> context;
  cuda::Stream stream;
  cuda::Event start, uploaded, computed, downloaded;
  // Device buffers standing in for host memory that TensorRT cannot use
  // directly, per tensor name; grown, never shrunk.
  std::map<std::string, std::shared_ptr<cuda::DeviceMemory>> staging;
  CudaGraph graph;
  bool integrated = false;
  std::mutex mutex;

  void* stagingFor(const std::string& name, std::size_t bytes);
  bool usesDirectly(const TensorBinding& binding, Transfer transfer) const;
  std::vector<TensorSlot> bindSlots(const RunRequest& request,
                                    std::vector<const TensorBinding*>& sources, std::int64_t& batch);
  void assignAddresses(std::vector<TensorSlot>& slots, const std::vector<const TensorBinding*>& sources,
                       Transfer transfer, std::int64_t batch);
  RunResult run(const RunRequest& request);
  // Copies, enqueue (or graph replay) and timing events, then waits.
  void enqueueRun(const RunRequest& request, const std::vector<TensorSlot>& slots,
                  const std::vector<const TensorBinding*>& sources, const std::function<bool()>& enqueueNow,
                  RunResult& result);
};

std::size_t elementCount(const std::vector<std::int64_t>& shape);
std::string shapeText(const std::vector<std::int64_t>& shape);

}  // namespace trt
}  // namespace trtmap
