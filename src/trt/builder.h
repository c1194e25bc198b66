// Building a serialized engine from an ONNX model (TensorRT 8, 10 and 11) or
// a UFF model (TensorRT 8 only), on the calling (worker) thread.
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
  // UFF: the input's name and dimensions, their order, the output names.
  std::string uffInput;
  std::vector<std::int64_t> uffInputDims;
  std::string uffInputOrder = "nchw";  // nchw | nhwc (nvuffparser::UffInputOrder)
  std::vector<std::string> uffOutputs;
  int maxBatchSize = 1;
  std::string precision = "fp32";  // fp32 | fp16 | int8 | best
  // Strongly typed network (10.x; the only kind in 11.x): tensor types come
  // from the model, no precision flags.
  bool stronglyTyped = false;
  // FP32 means FP32: kTF32 is cleared unless this is set (Ampere and later
  // would otherwise run FP32 convolutions and matrix products in TF32).
  bool allowTf32 = false;
  // A plan that later 10.x/11.x runtimes can load (kVERSION_COMPATIBLE).
  bool versionCompatible = false;
  // 0: trtmap's default (256 MiB where TensorRT's own default is no
  // workspace at all, TensorRT < 8.4; TensorRT's default elsewhere).
  std::int64_t workspaceBytes = 0;
  std::string timingCachePath;  // read if present, written after the build (also a failed one)
  int dlaCore = -1;             // -1: GPU
  bool gpuFallback = true;
  std::vector<ProfileShapes> profiles;  // explicit min/opt/max per input
  // Shorthand for a dynamic batch: applied to each input whose first
  // dimension is dynamic and that has no explicit profile. 0: unset.
  std::int64_t batchMin = 0, batchOpt = 0, batchMax = 0;
  // Execution contexts that will run at the same time: TensorRT 8 needs one
  // optimization profile per concurrent context of a dynamic-shape engine,
  // so the profile is added this many times.
  int contexts = 1;
  bool calibrationData = false;      // batches come through the feed
  std::string calibrationCachePath;  // read if present, written after calibration
  std::vector<std::string> plugins;  // plugin libraries to load before parsing
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
  std::int64_t workspaceBytes = 0;  // the limit set; 0: TensorRT's default
  bool stronglyTyped = false;
  bool tf32 = false;
  // The hardware lacks fast FP16 / INT8 (platformHasFast*(), 8.x and 10.x):
  // TensorRT then picks FP32 kernels where they are faster.
  bool fastFp16 = true;
  bool fastInt8 = true;
  int optimizationProfiles = 0;
  // The engine inspector's JSON report of the built engine (detailed
  // verbosity), empty when it could not be produced.
  std::string layerInformation;
  // What the user should know: a timing cache from another GPU dropped, no
  // fast INT8, ... (also logged as warnings).
  std::vector<std::string> warnings;
};

// Throws ERR_TENSORRT_NOT_FOUND / ERR_TENSORRT_VERSION, ERR_FILE_NOT_FOUND,
// ERR_INVALID_ARGUMENT (a plugin library), ERR_UNSUPPORTED (what this
// TensorRT version cannot do), ERR_TRT_BUILD (parse errors name the ONNX
// node), ERR_IO, or the error that ended calibration.
BuildResult buildEngine(const BuildOptions& options, LogSink* sink, BuildProgress* progress,
                        CalibrationFeed* feed);

}  // namespace trt
}  // namespace trtmap
