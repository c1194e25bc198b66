// An execution context of an engine, with its own CUDA stream and the device
// staging buffers it uses when inputs and outputs live in host memory (or at
// addresses TensorRT cannot take). Runs of one context are serialised;
// contexts run concurrently with each other.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trt/log_sink.h"
#include "trt/types.h"

namespace trtmap {
namespace trt {

class Engine;

// One tensor's memory for a run, resolved from a HostBuffer or DeviceBuffer.
struct TensorBinding {
  std::string name;
  std::vector<std::int64_t> shape;      // inputs: this run's shape; outputs: unused
  std::uint8_t* hostPointer = nullptr;  // host memory, else null
  void* devicePointer = nullptr;        // device memory, or mapped host memory's device address
  std::size_t bytes = 0;                // usable bytes from the pointers
  bool mapped = false;                  // host memory mapped for the device
};

enum class Transfer {
  Auto,    // copies on discrete GPUs; on integrated ones, the faster of copies and mapped memory, measured
  Copy,    // always stage host memory through device buffers
  Direct,  // mapped host memory given to TensorRT as is (also on discrete GPUs)
};

struct RunRequest {
  std::vector<TensorBinding> inputs;
  std::vector<TensorBinding> outputs;  // outputs left out go to scratch memory
  Transfer transfer = Transfer::Auto;
  bool timings = false;
  bool cudaGraph = false;
};

struct RunResult {
  RunTimings timings;
  TransferReport transfer;
  std::vector<std::string> outputNames;
  std::vector<std::vector<std::int64_t>> outputShapes;
  // What TensorRT logged (warnings and errors) during this run.
  std::vector<LogMessage> log;
};

class ExecutionContext {
 public:
  // Takes an optimization profile of the engine (TensorRT 8, dynamic
  // shapes: one per concurrent context) and selects it. Throws
  // ERR_TRT_ENGINE when TensorRT cannot create the context (device memory)
  // or every profile is in use.
  static std::shared_ptr<ExecutionContext> create(std::shared_ptr<Engine> engine, LogSink* sink);

  ExecutionContext(const ExecutionContext&) = delete;
  ExecutionContext& operator=(const ExecutionContext&) = delete;
  ~ExecutionContext();

  // Worker thread. Throws ERR_INVALID_ARGUMENT (tensor names, buffers),
  // ERR_SHAPE (shapes, buffer sizes), ERR_UNSUPPORTED (vectorized I/O
  // formats), ERR_TRT_RUN, ERR_CUDA.
  RunResult run(const RunRequest& request);

  struct Impl;

 private:
  ExecutionContext();
  std::unique_ptr<Impl> impl_;
};

}  // namespace trt
}  // namespace trtmap
