#include "trt/calibration_feed.h"

namespace trtmap {
namespace trt {

namespace {

std::size_t byteSize(const CalibrationInput& input) {
  std::size_t count = input.elementSize;
  for (auto extent : input.shape) count *= std::size_t(extent < 0 ? 0 : extent);
  return count;
}

}  // namespace

bool CalibrationFeed::next(const std::vector<CalibrationInput>& inputs,
                           std::vector<std::shared_ptr<cuda::HostMemory>>& buffers) {
  CalibrationRequest request;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (state_ == State::Finished || !notify_) return false;
    if (buffers_.empty()) {
      // Pinned, so that the copy to the device is a DMA transfer.
      for (const auto& input : inputs) buffers_.push_back(cuda::HostMemory::allocate(byteSize(input), {}));
    }
    state_ = State::Waiting;
    request.index = batches_;
    for (const auto& input : inputs) {
      request.names.push_back(input.name);
      request.shapes.push_back(input.shape);
      request.dtypes.push_back(input.dtype);
    }
    request.buffers = buffers_;
  }
  // Outside the lock: the answer may come before notify_ returns.
  if (!notify_(request)) {
    abort();
    return false;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return state_ != State::Waiting; });
  if (state_ != State::Delivered) return false;
  state_ = State::Idle;
  ++batches_;
  buffers = buffers_;
  return true;
}

void CalibrationFeed::deliver(int index) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_ == State::Waiting && index == batches_) state_ = State::Delivered;
  changed_.notify_all();
}

void CalibrationFeed::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  state_ = State::Finished;
  changed_.notify_all();
}

void CalibrationFeed::fail(const ErrorInfo& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!failed_) {
    failed_ = true;
    failure_ = error;
  }
  state_ = State::Finished;
  changed_.notify_all();
}

void CalibrationFeed::abort() {
  fail({"ERR_TRT_BUILD", "calibration stopped: JavaScript can no longer supply batches", ""});
}

bool CalibrationFeed::failed(ErrorInfo& error) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (failed_) error = failure_;
  return failed_;
}

int CalibrationFeed::batches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return batches_;
}

}  // namespace trt
}  // namespace trtmap
