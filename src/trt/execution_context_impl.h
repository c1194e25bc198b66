// ExecutionContext's state, shared by execution_context.cc (creation,
// memory, the transfer choice) and execution_run.cc (one run).
#pragma once

#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "cuda/device_memory.h"
#include "cuda/event.h"
#include "cuda/stream.h"
#include "trt/context_api.h"
#include "trt/cuda_graph.h"
#include "trt/engine_impl.h"
#include "trt/execution_context.h"
#include "trt/output_allocator.h"

namespace trtmap {
namespace trt {

// TensorRT requires every tensor address to be 256-byte aligned
// (IExecutionContext::setTensorAddress); cudaMalloc and cudaHostAlloc give
// such addresses, a byte offset into a buffer may not.
constexpr std::uintptr_t kAddressAlignment = 256;

inline bool isAligned(const void* address) {
  return reinterpret_cast<std::uintptr_t>(address) % kAddressAlignment == 0;
}

// Host memory aligned for TensorRT (kHOST tensors staged from elsewhere).
struct AlignedHostMemory {
  struct Free {
    void operator()(void* memory) const noexcept { std::free(memory); }
  };
  std::unique_ptr<void, Free> data;
  std::size_t size = 0;
};

// Transfer::Auto on an integrated GPU (Jetson): mapped host memory handed to
// TensorRT saves the copies, but below compute capability 7.2 (Nano, TX2)
// the GPU reads it uncached, which can cost more than the copies. Both are
// timed on the first runs with mapped buffers (the first of each as warm-up)
// and the faster is kept.
class AutoTransfer {
 public:
  static constexpr int kTrialsEach = 3;
  // Whether the next run goes direct; `trial`: it is being measured.
  bool nextDirect(bool& trial) const;
  void record(bool direct, double milliseconds);
  std::string describe(bool direct, bool trial) const;

 private:
  int runs_[2] = {0, 0};  // [copy, direct], warm-up included
  double milliseconds_[2] = {0, 0};
  int decided_ = -1;  // -1 undecided, 0 copy, 1 direct
};

// Where a tensor's memory comes from in one run.
enum class Placement {
  Direct,     // the caller's address, given to TensorRT
  Staged,     // a device buffer of the context, copied from/to the caller's memory on the stream
  Scratch,    // an output nobody asked for: a device buffer of the context
  HostStaged, // host values TensorRT reads (kHOST, shape tensors) copied from the caller's device memory
  Allocated,  // an output of data-dependent shape: the OutputAllocator's memory, copied afterwards
};

struct SlotPlan {
  const TensorBinding* binding = nullptr;  // the caller's memory, or null
  Placement placement = Placement::Scratch;
  std::size_t bytes = 0;  // at the address TensorRT uses
};

struct ExecutionContext::Impl {
  std::shared_ptr<Engine> engine;  // declared first: outlives `context`
  int profile = 0;
  std::unique_ptr<nvinfer1::IExecutionContext, Deleter> context;
  cuda::Stream stream;
  cuda::Event start, uploaded, computed, downloaded;
  // Device buffers standing in for memory TensorRT cannot use directly, per
  // tensor name; grown, never shrunk.
  std::map<std::string, std::shared_ptr<cuda::DeviceMemory>> staging;
  std::map<std::string, AlignedHostMemory> hostStaging;
  std::map<std::string, std::unique_ptr<OutputAllocator>> allocators;
  CudaGraph graph;
  bool integrated = false;
  AutoTransfer autoTransfer;
  std::mutex mutex;

  ~Impl();
  void* stagingFor(const std::string& name, std::size_t bytes);
  void* hostStagingFor(const std::string& name, std::size_t bytes);
  bool usesDirectly(const TensorBinding& binding, Transfer transfer, bool autoDirect) const;
  std::vector<TensorSlot> bindSlots(const RunRequest& request, std::vector<SlotPlan>& plans, std::int64_t& batch);
  void assignAddresses(std::vector<TensorSlot>& slots, std::vector<SlotPlan>& plans, Transfer transfer,
                       bool autoDirect);
  RunResult run(const RunRequest& request);
  // Copies, enqueue (or graph replay) and timing events, then waits.
  void enqueueRun(const RunRequest& request, std::vector<TensorSlot>& slots, const std::vector<SlotPlan>& plans,
                  bool measure, const std::function<bool()>& enqueueNow, RunResult& result);
  // After the run: outputs of data-dependent shape and 8.x host outputs.
  void finishOutputs(std::vector<TensorSlot>& slots, const std::vector<SlotPlan>& plans);
};

std::size_t elementCount(const std::vector<std::int64_t>& shape);
std::string shapeText(const std::vector<std::int64_t>& shape);
// A caller's memory as a plain pointer (host memory first).
inline void* callerPointer(const TensorBinding& binding) {
  return binding.hostPointer != nullptr ? static_cast<void*>(binding.hostPointer) : binding.devicePointer;
}

}  // namespace trt
}  // namespace trtmap
