// Building a serialized engine from an ONNX model (TensorRT 8 and 10) or a
// UFF model (TensorRT 8 only), on the calling (worker) thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trt/calibration_feed.h"
#include "trt/log_sink.h"

namespace trtmap {
namespace trt {

struct ProfileShapes {
  std::string input;
  std::vector<std::int64_t> min, opt, max;
};

struct BuildOptions {
  std::string modelPath;
  std::string modelFormat = "onnx";  // onnx | uff
  std::string outputPath;
  // UFF: the input's name and CHW dimensions, the output names, the batch.
  std::string uffInput;
  std::vector<std::int64_t> uffInputDims;
  std::vector<std::string> uffOutputs;
  int maxBatchSize = 1;
  std::string precision = "fp32";  // fp32 | fp16 | int8 | best
  std::int64_t workspaceBytes = 0;  // 0: TensorRT's default
  std::string timingCachePath;      // read if present, written after the build
  int dlaCore = -1;                 // -1: GPU
  bool gpuFallback = true;
  std::vector<ProfileShapes> profiles;  // explicit min/opt/max per input
  // Shorthand for a dynamic batch: applied to each input whose first
  // dimension is dynamic and that has no explicit profile. 0: unset.
  std::int64_t batchMin = 0, batchOpt = 0, batchMax = 0;
  bool calibrationData = false;        // batches come through the feed
  std::string calibrationCachePath;    // read if present, written after calibration
};

// Progress of a build, on the builder thread (or TensorRT's); must not block.
class BuildProgress {
 public:
  virtual ~BuildProgress() = default;
  // phase: "parse", "configure", "build", "calibrate", "write", or a
  // TensorRT 10 builder phase name; step/steps 0 when unknown.
  virtual void progress(const std::string& phase, int step, int steps) = 0;
};

struct BuildResult {
  std::size_t engineBytes = 0;
  int calibrationBatches = 0;
  std::string tensorRtVersion;
};

// Throws ERR_TENSORRT_NOT_FOUND / ERR_TENSORRT_VERSION, ERR_FILE_NOT_FOUND,
// ERR_TRT_BUILD (parse errors name the ONNX node), ERR_IO, or the error that
// ended calibration.
BuildResult buildEngine(const BuildOptions& options, LogSink* sink, BuildProgress* progress,
                        CalibrationFeed* feed);

}  // namespace trt
}  // namespace trtmap
