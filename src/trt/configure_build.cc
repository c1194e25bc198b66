// The builder configuration: precision, workspace, DLA, optimization
// profiles, INT8 calibration, timing cache and (TensorRT 10) progress.
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "trt/build_steps.h"
#include "trt/check.h"
#include "trt/engine_impl.h"

namespace trtmap {
namespace trt {

namespace {

bool isDynamic(const std::vector<std::int64_t>& shape) {
  for (auto extent : shape) {
    if (extent < 0) return true;
  }
  return false;
}

std::string shapeString(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t axis = 0; axis < shape.size(); ++axis) text += (axis ? "," : "") + std::to_string(shape[axis]);
  return text + "]";
}

// min/opt/max of one dynamic input: given explicitly, or derived from the
// dynamic-batch shorthand when only the first dimension is dynamic.
ProfileShapes profileFor(const BuildOptions& options, const std::string& name,
                         const std::vector<std::int64_t>& dims) {
  for (const auto& profile : options.profiles) {
    if (profile.input == name) return profile;
  }
  std::vector<std::int64_t> rest(dims.begin() + (dims.empty() ? 0 : 1), dims.end());
  if (options.batchMax > 0 && !dims.empty() && !isDynamic(rest)) {
    ProfileShapes profile{name, dims, dims, dims};
    profile.min[0] = options.batchMin;
    profile.opt[0] = options.batchOpt;
    profile.max[0] = options.batchMax;
    return profile;
  }
  throw Error("ERR_TRT_BUILD", "input " + name + " has dynamic dimensions " + shapeString(dims) +
                                   ": give its min/opt/max shapes (profiles) or a dynamic batch range");
}

// Adds the optimization profile; returns the calibration shape per input.
std::vector<std::vector<std::int64_t>> addProfile(const BuildOptions& options, BuildState& state,
                                                  std::vector<std::string>& names) {
  using nvinfer1::OptProfileSelector;
  nvinfer1::IOptimizationProfile* profile = nullptr;  // owned by the builder
  std::vector<std::vector<std::int64_t>> shapes;
  nvinfer1::INetworkDefinition& network = *state.network;
  for (int index = 0; index < network.getNbInputs(); ++index) {
    nvinfer1::ITensor* input = network.getInput(index);
    std::string name = input->getName();
    std::vector<std::int64_t> dims = toShape(input->getDimensions());
    names.push_back(name);
    if (options.modelFormat == "uff") {
      dims.insert(dims.begin(), options.maxBatchSize);
      shapes.push_back(dims);
      continue;
    }
    if (!isDynamic(dims)) {
      shapes.push_back(dims);
      continue;
    }
    ProfileShapes shape = profileFor(options, name, dims);
    if (profile == nullptr) profile = state.builder->createOptimizationProfile();
    TRTMAP_TRT_CHECK(profile->setDimensions(name.c_str(), OptProfileSelector::kMIN, toDims(shape.min)) &&
                         profile->setDimensions(name.c_str(), OptProfileSelector::kOPT, toDims(shape.opt)) &&
                         profile->setDimensions(name.c_str(), OptProfileSelector::kMAX, toDims(shape.max)),
                     "ERR_TRT_BUILD",
                     "TensorRT rejected the profile " + shapeString(shape.min) + " / " + shapeString(shape.opt) +
                         " / " + shapeString(shape.max) + " for input " + name + " " + shapeString(dims));
    shapes.push_back(shape.opt);
  }
  for (const auto& given : options.profiles) {
    bool known = false;
    for (const auto& name : names) known = known || name == given.input;
    if (!known) throw Error("ERR_INVALID_ARGUMENT", "a profile names " + given.input + ", which is not an input of the model");
  }
  if (profile != nullptr) {
    TRTMAP_TRT_CHECK(state.config->addOptimizationProfile(profile) >= 0, "ERR_TRT_BUILD",
                     "TensorRT rejected the optimization profile");
    TRTMAP_ALLOW_DEPRECATED_BEGIN
    if (options.precision == "int8" || options.precision == "best") state.config->setCalibrationProfile(profile);
    TRTMAP_ALLOW_DEPRECATED_END
  }
  return shapes;
}

void setWorkspace(const BuildOptions& options, nvinfer1::IBuilderConfig& config) {
  if (options.workspaceBytes <= 0) return;
#if TRTMAP_TRT8 && NV_TENSORRT_MINOR < 4
  config.setMaxWorkspaceSize(std::size_t(options.workspaceBytes));
#else
  config.setMemoryPoolLimit(nvinfer1::MemoryPoolType::kWORKSPACE, std::size_t(options.workspaceBytes));
#endif
}

void setDla(const BuildOptions& options, BuildState& state) {
  if (options.dlaCore < 0) return;
  int cores = state.builder->getNbDLACores();
  if (options.dlaCore >= cores) {
    throw Error("ERR_TRT_BUILD", "DLA core " + std::to_string(options.dlaCore) + " was asked for but this device has " +
                                     std::to_string(cores) + " (the Jetson Nano has none; Xavier and Orin have 2)");
  }
  state.config->setDefaultDeviceType(nvinfer1::DeviceType::kDLA);
  state.config->setDLACore(options.dlaCore);
  if (options.gpuFallback) state.config->setFlag(nvinfer1::BuilderFlag::kGPU_FALLBACK);
}

void setTimingCache(const BuildOptions& options, BuildState& state) {
  if (options.timingCachePath.empty()) return;
  std::vector<char> blob;
  std::ifstream file(options.timingCachePath, std::ios::binary);
  if (file) blob.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  state.timingCache.reset(state.config->createTimingCache(blob.data(), blob.size()));
  TRTMAP_TRT_CHECK(state.timingCache, "ERR_TRT_BUILD", "TensorRT could not read the timing cache " + options.timingCachePath);
  // ignoreMismatch = false: a cache from another GPU or version is dropped, not trusted.
  TRTMAP_TRT_CHECK(state.config->setTimingCache(*state.timingCache, false), "ERR_TRT_BUILD",
                   "TensorRT rejected the timing cache " + options.timingCachePath);
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

void configureBuild(const BuildOptions& options, BuildState& state, CalibrationFeed* feed,
                    BuildProgress* progress) {
  state.config.reset(state.builder->createBuilderConfig());
  TRTMAP_TRT_CHECK(state.config, "ERR_TRT_BUILD", "TensorRT could not create a builder configuration");
  setWorkspace(options, *state.config);
  std::vector<std::string> names;
  std::vector<std::vector<std::int64_t>> shapes = addProfile(options, state, names);
  bool int8 = options.precision == "int8" || options.precision == "best";
  TRTMAP_ALLOW_DEPRECATED_BEGIN  // TensorRT 10: weakly typed networks
  if (options.precision == "fp16" || options.precision == "best") state.config->setFlag(nvinfer1::BuilderFlag::kFP16);
  if (int8) state.config->setFlag(nvinfer1::BuilderFlag::kINT8);
  if (int8 && (options.calibrationData || !options.calibrationCachePath.empty())) {
    int batch = options.modelFormat == "uff" ? options.maxBatchSize : 1;
    state.calibrator.reset(new EntropyCalibrator(options.calibrationData ? feed : nullptr, names, shapes, batch,
                                                 options.calibrationCachePath));
    state.config->setInt8Calibrator(state.calibrator.get());
  }
  TRTMAP_ALLOW_DEPRECATED_END
  setDla(options, state);
  setTimingCache(options, state);
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
