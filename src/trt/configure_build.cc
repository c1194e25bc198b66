// The builder configuration: precision (or strong typing), workspace, TF32,
// DLA, I/O formats, INT8 calibration and (TensorRT 10+) progress. Profiles
// and the timing cache are in build_profiles.cc.
#include <map>
#include <mutex>

#include "trt/build_config_steps.h"
#include "trt/check.h"
#include "trt/engine_impl.h"

namespace trtmap {
namespace trt {

namespace {

constexpr std::int64_t kMiB = std::int64_t(1) << 20;

// TensorRT 8.0-8.3's default workspace is 0, "no temporary memory": most
// convolution tactics are skipped and a build on a Nano fails with "could
// not find any implementation". trtexec defaults to 16 MiB, too little for
// the FP16 tactics of 416-640 pixel detectors; the samples use 1 GiB, a
// quarter of a Nano's 4 GB shared by the CPU, the GPU and the OS. 256 MiB is
// a limit, not an allocation: TensorRT takes only what the tactic it picks
// needs. From 8.4 on the default is the device's memory.
constexpr std::int64_t kTrt8DefaultWorkspace = 256 * kMiB;

std::int64_t chooseWorkspace(const BuildOptions& options, const Library& library) {
  if (options.workspaceBytes > 0) return options.workspaceBytes;
  if (library.major() == 8 && library.minor() < 4) return kTrt8DefaultWorkspace;
  return 0;
}

void setWorkspace(const BuildOptions& options, const Library& library, BuildState& state, BuildResult& result) {
  result.workspaceBytes = chooseWorkspace(options, library);
  if (result.workspaceBytes <= 0) return;
#if TRTMAP_TRT8 && NV_TENSORRT_MINOR < 4
  TRTMAP_ALLOW_DEPRECATED_BEGIN  // setMaxWorkspaceSize: deprecated in 8.3, still honoured by 8.4-8.6
  state.config->setMaxWorkspaceSize(std::size_t(result.workspaceBytes));
  TRTMAP_ALLOW_DEPRECATED_END
#else
  state.config->setMemoryPoolLimit(nvinfer1::MemoryPoolType::kWORKSPACE, std::size_t(result.workspaceBytes));
#endif
}

bool hasExplicitQuantization(nvinfer1::INetworkDefinition& network) {
  for (int index = 0; index < network.getNbLayers(); ++index) {
    nvinfer1::LayerType type = network.getLayer(index)->getType();
    if (type == nvinfer1::LayerType::kQUANTIZE || type == nvinfer1::LayerType::kDEQUANTIZE) return true;
  }
  return false;
}

// What this TensorRT generation cannot do is refused before anything is set.
void checkTyping(const BuildOptions& options, BuildResult& result) {
#if !TRTMAP_STRONG_TYPING
  if (options.stronglyTyped) {
    throw Error("ERR_UNSUPPORTED",
                "strongly typed networks need TensorRT 10 or later; on TensorRT 8 a model with Q/DQ nodes builds "
                "as INT8 with precision 'int8' and no calibration (explicit quantization)");
  }
#endif
#if !TRTMAP_WEAK_TYPING
  if (options.precision != "fp32" || options.calibrationData || !options.calibrationCachePath.empty()) {
    throw Error("ERR_UNSUPPORTED",
                "TensorRT 11 builds strongly typed networks only: there are no FP16/INT8 builder flags and no "
                "calibrator, the precision of every layer comes from the ONNX model. Build an FP16 or INT8 "
                "engine from a model that already carries the precision (FP16 weights and casts, or Q/DQ "
                "nodes), with precision 'fp32' (the default), or use TensorRT 8 or 10 for weakly typed builds");
  }
  result.stronglyTyped = true;
#else
  if (options.stronglyTyped && options.precision != "fp32") {
    throw Error("ERR_INVALID_ARGUMENT",
                "a strongly typed build takes every layer's precision from the model: leave the precision at "
                "'fp32' (no builder flags) instead of '" + options.precision + "'");
  }
  result.stronglyTyped = options.stronglyTyped;
#endif
}

#if TRTMAP_WEAK_TYPING
TRTMAP_ALLOW_DEPRECATED_BEGIN  // 10.x: weak typing (precision flags, calibrator, platformHasFast*)
void setPrecision(const BuildOptions& options, BuildState& state, const ProfileResult& profiles,
                  CalibrationFeed* feed, BuildResult& result) {
  if (options.stronglyTyped) return;
  const bool fp16 = options.precision == "fp16" || options.precision == "best";
  const bool int8 = options.precision == "int8" || options.precision == "best";
  result.fastFp16 = state.builder->platformHasFastFp16();
  result.fastInt8 = state.builder->platformHasFastInt8();
  if (fp16) state.config->setFlag(nvinfer1::BuilderFlag::kFP16);
  if (fp16 && !result.fastFp16) {
    warn(result, "this GPU has no fast FP16: TensorRT keeps FP32 kernels where they are faster, so the "
                 "'fp16' engine may be mostly FP32 (see its layer precisions)");
  }
  if (!int8) return;
  state.config->setFlag(nvinfer1::BuilderFlag::kINT8);
  if (!result.fastInt8) {
    warn(result, "this GPU has no fast INT8 (the Jetson Nano's Maxwell GPU has none): TensorRT builds those "
                 "layers in FP16 or FP32 instead, so the 'int8' engine is not an INT8 engine (see its layer "
                 "precisions)");
  }
  const bool calibrated = options.calibrationData || !options.calibrationCachePath.empty();
  if (!calibrated) {
    if (hasExplicitQuantization(*state.network)) return;  // Q/DQ nodes carry the scales
    throw Error("ERR_INVALID_ARGUMENT",
                "precision 'int8' needs calibration data or a calibration cache, or a model with Q/DQ "
                "(QuantizeLinear/DequantizeLinear) nodes: " + options.modelPath + " has none");
  }
  if (profiles.calibrationProfile != nullptr) state.config->setCalibrationProfile(profiles.calibrationProfile);
  int batch = options.modelFormat == "uff" ? options.maxBatchSize : 1;
  state.calibrator.reset(new EntropyCalibrator(options.calibrationData ? feed : nullptr, profiles.inputs, batch,
                                               options.calibrationCachePath));
  state.config->setInt8Calibrator(state.calibrator.get());
}
TRTMAP_ALLOW_DEPRECATED_END
#endif

// FP32 means FP32: TensorRT enables TF32 by default (Ampere and later then
// run FP32 convolutions and matrix products with a 10-bit mantissa).
void setTf32(const BuildOptions& options, BuildState& state, BuildResult& result) {
  if (!options.allowTf32) state.config->clearFlag(nvinfer1::BuilderFlag::kTF32);
  result.tf32 = state.config->getFlag(nvinfer1::BuilderFlag::kTF32);
}

// As trtexec (sampleEngines.cpp, setupNetworkAndConfig): the DLA runs FP16
// or INT8 only, so an FP32 build would silently run everything on the GPU;
// without GPU fallback, I/O reformatting (a GPU kernel) is avoided too.
void setDla(const BuildOptions& options, BuildState& state, BuildResult& result) {
  if (options.dlaCore < 0) return;
  int cores = state.builder->getNbDLACores();
  if (options.dlaCore >= cores) {
    throw Error("ERR_TRT_BUILD", "DLA core " + std::to_string(options.dlaCore) + " was asked for but this device has " +
                                     std::to_string(cores) + " (the Jetson Nano has none; Xavier and Orin have 2)");
  }
  state.config->setDefaultDeviceType(nvinfer1::DeviceType::kDLA);
  state.config->setDLACore(options.dlaCore);
  TRTMAP_ALLOW_DEPRECATED_BEGIN  // kPREFER_PRECISION_CONSTRAINTS, kDIRECT_IO: deprecated in 10.x
#if TRTMAP_WEAK_TYPING
  if (!result.stronglyTyped) {
    state.config->setFlag(nvinfer1::BuilderFlag::kPREFER_PRECISION_CONSTRAINTS);
    if (options.precision == "fp32") {
      state.config->setFlag(nvinfer1::BuilderFlag::kFP16);
      warn(result, "the DLA runs FP16 or INT8 only: building FP16 for DLA core " + std::to_string(options.dlaCore) +
                       " (as trtexec does); FP32 layers would all fall back to the GPU");
    }
  }
#else
  (void)result;
#endif
  if (options.gpuFallback) {
    state.config->setFlag(nvinfer1::BuilderFlag::kGPU_FALLBACK);
  } else {
    state.config->setFlag(nvinfer1::BuilderFlag::kDIRECT_IO);
  }
  TRTMAP_ALLOW_DEPRECATED_END
}

// Network inputs and outputs in linear formats, as trtexec asks by default:
// trtmap hands host arrays to TensorRT and reads them back, so a vectorized
// I/O format (kCHW32, kHWC8, ...) would need a reformatting copy anyway.
void setLinearIo(BuildState& state) {
  const auto linear = nvinfer1::TensorFormats(1U << static_cast<int>(nvinfer1::TensorFormat::kLINEAR));
  for (int index = 0; index < state.network->getNbInputs(); ++index) {
    state.network->getInput(index)->setAllowedFormats(linear);
  }
  for (int index = 0; index < state.network->getNbOutputs(); ++index) {
    state.network->getOutput(index)->setAllowedFormats(linear);
  }
}

void setVersionCompatible(const BuildOptions& options, BuildState& state) {
  if (!options.versionCompatible) return;
#if TRTMAP_TRT10
  state.config->setFlag(nvinfer1::BuilderFlag::kVERSION_COMPATIBLE);
#else
  (void)state;
  throw Error("ERR_UNSUPPORTED", "version-compatible engines need TensorRT 10 or later");
#endif
}

#if TRTMAP_TRT10
class ProgressMonitor : public nvinfer1::IProgressMonitor {
 public:
  explicit ProgressMonitor(BuildProgress* progress) : progress_(progress) {}
  void phaseStart(const char* phase, const char*, std::int32_t steps) noexcept override {
    report(phase, 0, steps, true);
  }
  bool stepComplete(const char* phase, std::int32_t step) noexcept override {
    report(phase, step + 1, 0, false);
    return true;  // never cancels
  }
  void phaseFinish(const char* phase) noexcept override { report(phase, -1, 0, false); }

 private:
  void report(const char* phase, int step, int steps, bool starting) noexcept {
    try {
      std::lock_guard<std::mutex> lock(mutex_);
      int& total = steps_[phase];
      if (starting) total = steps;
      progress_->progress(phase, step < 0 ? total : step, total);
    } catch (...) {
    }
  }
  BuildProgress* progress_;
  std::mutex mutex_;
  std::map<std::string, int> steps_;
};
#endif

}  // namespace

void warn(BuildResult& result, const std::string& text) {
  result.warnings.push_back(text);
  dispatchLog(Severity::Warning, ("trtmap: " + text).c_str());
}

void configureBuild(const BuildOptions& options, BuildState& state, CalibrationFeed* feed, BuildProgress* progress,
                    BuildResult& result) {
  const Library& library = Library::get();
  checkTyping(options, result);
  state.config.reset(state.builder->createBuilderConfig());
  TRTMAP_TRT_CHECK(state.config, "ERR_TRT_BUILD", "TensorRT could not create a builder configuration");
  setWorkspace(options, library, state, result);
  ProfileResult profiles = addProfiles(options, state, result);
#if TRTMAP_WEAK_TYPING
  setPrecision(options, state, profiles, feed, result);
#else
  (void)feed;
#endif
  setTf32(options, state, result);
  setDla(options, state, result);
  setLinearIo(state);
  setVersionCompatible(options, state);
  // Detailed layer information in the plan: the engine inspector then
  // reports each layer's precision (what `build` and `inspect` count).
  state.config->setProfilingVerbosity(nvinfer1::ProfilingVerbosity::kDETAILED);
  setTimingCache(options, state, result);
#if TRTMAP_TRT10
  if (progress != nullptr) {
    state.monitor.reset(new ProgressMonitor(progress));
    state.config->setProgressMonitor(state.monitor.get());
  }
#else
  (void)progress;
#endif
}

}  // namespace trt
}  // namespace trtmap
