// The steps of buildEngine(), one file each: parsing the model into a
// network, configuring the builder.
#pragma once

#include <memory>

#include "trt/api.h"
#include "trt/builder.h"
#include "trt/calibrator.h"
#include "trt/library.h"

namespace trtmap {
namespace trt {

struct BuildState {
  std::unique_ptr<nvinfer1::IBuilder, Deleter> builder;
  std::unique_ptr<nvinfer1::INetworkDefinition, Deleter> network;
  std::unique_ptr<nvinfer1::IBuilderConfig, Deleter> config;
  std::unique_ptr<nvinfer1::ITimingCache, Deleter> timingCache;
  std::unique_ptr<EntropyCalibrator> calibrator;
#if TRTMAP_TRT10
  std::unique_ptr<nvinfer1::IProgressMonitor> monitor;
#endif
};

// Creates state.network from the model (ONNX or, on 8.x, UFF).
void parseModel(const Library& library, const BuildOptions& options, BuildState& state);

// Creates state.config: precision, workspace, DLA, profiles, calibrator,
// timing cache, progress monitor.
void configureBuild(const BuildOptions& options, BuildState& state, CalibrationFeed* feed,
                    BuildProgress* progress);

}  // namespace trt
}  // namespace trtmap
