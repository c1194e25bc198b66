#include "trt/calibrator.h"

#include <fstream>
#include <iterator>

#include "cuda/check.h"

#if TRTMAP_WEAK_TYPING

namespace trtmap {
namespace trt {

TRTMAP_ALLOW_DEPRECATED_BEGIN

EntropyCalibrator::EntropyCalibrator(CalibrationFeed* feed, std::vector<CalibrationInput> inputs, int batchSize,
                                     std::string cachePath)
    : feed_(feed),
      inputs_(std::move(inputs)),
      batchSize_(batchSize),
      cachePath_(std::move(cachePath)) {}

// TensorRT calls this on the builder thread and cannot take exceptions: a
// failure is recorded in the feed (the build then rejects with it) and ends
// calibration.
bool EntropyCalibrator::getBatch(void* bindings[], const char* names[], std::int32_t count) noexcept {
  try {
    return copyBatch(bindings, names, count);
  } catch (...) {
    feed_->fail(captureCurrentException());
    return false;
  }
}

bool EntropyCalibrator::copyBatch(void* bindings[], const char* names[], std::int32_t count) {
  std::vector<std::shared_ptr<cuda::HostMemory>> buffers;
  if (feed_ == nullptr || !feed_->next(inputs_, buffers)) return false;
  if (device_.empty()) {
    for (const auto& buffer : buffers) device_.push_back(cuda::DeviceMemory::allocate(buffer->size()));
  }
  for (std::int32_t binding = 0; binding < count; ++binding) {
    std::size_t input = 0;
    while (input < inputs_.size() && inputs_[input].name != names[binding]) ++input;
    if (input == inputs_.size()) {
      throw Error("ERR_TRT_BUILD", std::string("the calibrator was asked for an unknown input ") + names[binding]);
    }
    TRTMAP_CUDA_TRY(cudaMemcpy(device_[input]->data(), buffers[input]->data(), buffers[input]->size(),
                               cudaMemcpyHostToDevice));
    bindings[binding] = device_[input]->data();
  }
  return true;
}

const void* EntropyCalibrator::readCalibrationCache(std::size_t& length) noexcept {
  cache_.clear();
  length = 0;
  if (cachePath_.empty()) return nullptr;
  try {
    std::ifstream file(cachePath_, std::ios::binary);
    if (!file) return nullptr;  // no cache yet: calibrate
    cache_.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  } catch (...) {
    cache_.clear();
  }
  length = cache_.size();
  return length > 0 ? cache_.data() : nullptr;
}

void EntropyCalibrator::writeCalibrationCache(const void* data, std::size_t length) noexcept {
  if (cachePath_.empty()) return;
  try {
    std::ofstream file(cachePath_, std::ios::binary | std::ios::trunc);
    file.write(static_cast<const char*>(data), std::streamsize(length));
    if (!file) throw Error("ERR_IO", "could not write the calibration cache " + cachePath_, cachePath_);
  } catch (...) {
    if (feed_ != nullptr) feed_->fail(captureCurrentException());
  }
}

TRTMAP_ALLOW_DEPRECATED_END

}  // namespace trt
}  // namespace trtmap

#endif  // TRTMAP_WEAK_TYPING
