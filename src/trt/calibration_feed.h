// The hand-off between TensorRT's calibrator, which asks for batches on the
// builder's thread, and JavaScript, which produces them (an async iterator)
// on the main thread. The builder thread blocks in next() until the main
// thread answers with deliver(), finish() or fail(); abort() releases it when
// JavaScript can no longer answer (environment teardown). No Node-API here:
// the binding supplies `notify`, which must not block.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error_info.h"
#include "cuda/host_memory.h"

namespace trtmap {
namespace trt {

// One network input as calibration batches carry it.
struct CalibrationInput {
  std::string name;
  std::vector<std::int64_t> shape;  // the batch's shape (batch included)
  std::string dtype;                // float32, float16, int32, int64, ...
  std::size_t elementSize = 4;      // bytes per element of `dtype`
};

struct CalibrationRequest {
  int index = 0;  // 0, 1, 2, ... per batch
  std::vector<std::string> names;
  std::vector<std::vector<std::int64_t>> shapes;
  std::vector<std::string> dtypes;  // what JavaScript writes into each buffer
  // Host memory for JavaScript to fill, one per input, sized from each
  // input's shape and element size; the same buffers for every batch.
  std::vector<std::shared_ptr<cuda::HostMemory>> buffers;
};

class CalibrationFeed {
 public:
  // Called on the builder thread; returns false when the request could not be
  // passed on (then next() returns false at once).
  using Notify = std::function<bool(const CalibrationRequest&)>;

  void setNotify(Notify notify) { notify_ = std::move(notify); }

  // Builder thread: asks for the next batch and waits. True with the buffers
  // filled; false at the end of the data, after a failure or an abort.
  bool next(const std::vector<CalibrationInput>& inputs, std::vector<std::shared_ptr<cuda::HostMemory>>& buffers);

  // Main thread (or any): answers the pending request; a late or repeated
  // answer (another `index`) is ignored.
  void deliver(int index);
  void finish();
  void fail(const ErrorInfo& error);
  void abort();

  // After the build: the failure that ended calibration, if any.
  bool failed(ErrorInfo& error) const;
  int batches() const;

 private:
  enum class State { Idle, Waiting, Delivered, Finished };

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::Idle;
  bool failed_ = false;
  ErrorInfo failure_;
  int batches_ = 0;
  std::vector<std::shared_ptr<cuda::HostMemory>> buffers_;
  Notify notify_;
};

}  // namespace trt
}  // namespace trtmap
