// The parts of configureBuild() shared between configure_build.cc and
// build_profiles.cc.
#pragma once

#include <vector>

#include "trt/build_steps.h"
#include "trt/calibration_feed.h"

namespace trtmap {
namespace trt {

struct ProfileResult {
  // Every network input with the shape, type and element size calibration
  // batches have (the profile's opt shape for dynamic inputs).
  std::vector<CalibrationInput> inputs;
  // The first profile added (INT8 calibration runs with it), or null for a
  // network without dynamic inputs.
  nvinfer1::IOptimizationProfile* calibrationProfile = nullptr;
};

// Adds the optimization profile for the dynamic inputs; on TensorRT 8 once
// per concurrent execution context (options.contexts). Throws
// ERR_TRT_BUILD / ERR_INVALID_ARGUMENT for missing or unknown profiles.
ProfileResult addProfiles(const BuildOptions& options, BuildState& state, BuildResult& result);

// Attaches the timing cache file's cache; one TensorRT rejects (made on
// another GPU or TensorRT version) is dropped with a warning and replaced by
// an empty one, as trtexec goes on without it.
void setTimingCache(const BuildOptions& options, BuildState& state, BuildResult& result);

}  // namespace trt
}  // namespace trtmap
