// TensorRT's INT8 entropy calibrator (IInt8EntropyCalibrator2), fed by a
// CalibrationFeed and caching its scales in a file: with a cache present
// TensorRT asks for no batches at all.
#pragma once

#include <string>
#include <vector>

#include "cuda/device_memory.h"
#include "trt/api.h"
#include "trt/calibration_feed.h"

namespace trtmap {
namespace trt {

TRTMAP_ALLOW_DEPRECATED_BEGIN  // implicit quantization, deprecated in TensorRT 10
class EntropyCalibrator : public nvinfer1::IInt8EntropyCalibrator2 {
 public:
  // `shapes` are the inputs' calibration shapes (batch included);
  // `batchSize` is 1 for explicit-batch networks, which carry the batch in
  // their shapes, and the implicit batch for UFF networks.
  EntropyCalibrator(CalibrationFeed* feed, std::vector<std::string> names,
                    std::vector<std::vector<std::int64_t>> shapes, int batchSize, std::string cachePath);

  std::int32_t getBatchSize() const noexcept override { return batchSize_; }
  bool getBatch(void* bindings[], const char* names[], std::int32_t count) noexcept override;
  const void* readCalibrationCache(std::size_t& length) noexcept override;
  void writeCalibrationCache(const void* data, std::size_t length) noexcept override;

 private:
  bool copyBatch(void* bindings[], const char* names[], std::int32_t count);

  CalibrationFeed* feed_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::int64_t>> shapes_;
  int batchSize_;
  std::string cachePath_;
  std::vector<char> cache_;
  std::vector<std::shared_ptr<cuda::DeviceMemory>> device_;
};
TRTMAP_ALLOW_DEPRECATED_END

}  // namespace trt
}  // namespace trtmap
