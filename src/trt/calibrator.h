// TensorRT's INT8 entropy calibrator (IInt8EntropyCalibrator2), fed by a
// CalibrationFeed and caching its scales in a file: with a cache present
// TensorRT asks for no batches at all. TensorRT 8 and 10 only: TensorRT 11
// removed implicit quantization (the calibrator, the INT8 flag).
#pragma once

#include <string>
#include <vector>

#include "trt/api.h"

#if TRTMAP_WEAK_TYPING

#include "cuda/device_memory.h"
#include "trt/calibration_feed.h"

namespace trtmap {
namespace trt {

TRTMAP_ALLOW_DEPRECATED_BEGIN  // implicit quantization, deprecated in TensorRT 10
class EntropyCalibrator : public nvinfer1::IInt8EntropyCalibrator2 {
 public:
  // `inputs` carry the calibration shapes (batch included) and element
  // sizes; `batchSize` is 1 for explicit-batch networks, which carry the
  // batch in their shapes, and the implicit batch for UFF networks.
  EntropyCalibrator(CalibrationFeed* feed, std::vector<CalibrationInput> inputs, int batchSize, std::string cachePath);

  std::int32_t getBatchSize() const noexcept override { return batchSize_; }
  bool getBatch(void* bindings[], const char* names[], std::int32_t count) noexcept override;
  const void* readCalibrationCache(std::size_t& length) noexcept override;
  void writeCalibrationCache(const void* data, std::size_t length) noexcept override;

 private:
  bool copyBatch(void* bindings[], const char* names[], std::int32_t count);

  CalibrationFeed* feed_;
  std::vector<CalibrationInput> inputs_;
  int batchSize_;
  std::string cachePath_;
  std::vector<char> cache_;
  std::vector<std::shared_ptr<cuda::DeviceMemory>> device_;
};
TRTMAP_ALLOW_DEPRECATED_END

}  // namespace trt
}  // namespace trtmap

#endif  // TRTMAP_WEAK_TYPING
