// Optimization profiles of a build and its timing cache.
#include <algorithm>
#include <fstream>
#include <iterator>

#include "trt/build_config_steps.h"
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
ProfileShapes profileFor(const BuildOptions& options, const std::string& name, const std::vector<std::int64_t>& dims) {
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

void checkProfileNames(const BuildOptions& options, const ProfileResult& result) {
  for (const auto& given : options.profiles) {
    bool known = false;
    for (const auto& input : result.inputs) known = known || input.name == given.input;
    if (!known) {
      throw Error("ERR_INVALID_ARGUMENT", "a profile names " + given.input + ", which is not an input of the model");
    }
  }
}

void setShapes(nvinfer1::IOptimizationProfile& profile, const ProfileShapes& shape,
               const std::vector<std::int64_t>& dims) {
  using nvinfer1::OptProfileSelector;
  const char* name = shape.input.c_str();
  TRTMAP_TRT_CHECK(profile.setDimensions(name, OptProfileSelector::kMIN, toDims(shape.min)) &&
                       profile.setDimensions(name, OptProfileSelector::kOPT, toDims(shape.opt)) &&
                       profile.setDimensions(name, OptProfileSelector::kMAX, toDims(shape.max)),
                   "ERR_TRT_BUILD",
                   "TensorRT rejected the profile " + shapeString(shape.min) + " / " + shapeString(shape.opt) + " / " +
                       shapeString(shape.max) + " for input " + shape.input + " " + shapeString(dims));
}

}  // namespace

ProfileResult addProfiles(const BuildOptions& options, BuildState& state, BuildResult& result) {
  ProfileResult profiles;
  std::vector<ProfileShapes> dynamic;
  std::vector<std::vector<std::int64_t>> dynamicDims;
  nvinfer1::INetworkDefinition& network = *state.network;
  for (int index = 0; index < network.getNbInputs(); ++index) {
    nvinfer1::ITensor* input = network.getInput(index);
    CalibrationInput calibration;
    calibration.name = input->getName();
    calibration.dtype = dataTypeName(input->getType());
    calibration.elementSize = dataTypeSize(input->getType());
    std::vector<std::int64_t> dims = toShape(input->getDimensions());
    if (options.modelFormat == "uff") {
      dims.insert(dims.begin(), options.maxBatchSize);
    } else if (isDynamic(dims)) {
      dynamic.push_back(profileFor(options, calibration.name, dims));
      dynamicDims.push_back(dims);
      dims = dynamic.back().opt;
    }
    calibration.shape = dims;
    profiles.inputs.push_back(calibration);
  }
  checkProfileNames(options, profiles);
  if (dynamic.empty()) return profiles;
  // TensorRT 8: one profile per concurrent context (setOptimizationProfileAsync
  // needs a profile no other live context uses); 10.x contexts share one.
  const int copies = TRTMAP_TRT8 ? std::max(1, options.contexts) : 1;
  for (int copy = 0; copy < copies; ++copy) {
    nvinfer1::IOptimizationProfile* profile = state.builder->createOptimizationProfile();  // owned by the builder
    TRTMAP_TRT_CHECK(profile != nullptr, "ERR_TRT_BUILD", "TensorRT could not create an optimization profile");
    for (std::size_t input = 0; input < dynamic.size(); ++input) setShapes(*profile, dynamic[input], dynamicDims[input]);
    TRTMAP_TRT_CHECK(state.config->addOptimizationProfile(profile) >= 0, "ERR_TRT_BUILD",
                     "TensorRT rejected the optimization profile");
    if (profiles.calibrationProfile == nullptr) profiles.calibrationProfile = profile;
  }
  result.optimizationProfiles = copies;
  return profiles;
}

void setTimingCache(const BuildOptions& options, BuildState& state, BuildResult& result) {
  if (options.timingCachePath.empty()) return;
  std::vector<char> blob;
  std::ifstream file(options.timingCachePath, std::ios::binary);
  if (file) blob.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  state.timingCache.reset(state.config->createTimingCache(blob.data(), blob.size()));
  if (state.timingCache && state.config->setTimingCache(*state.timingCache, false)) return;
  // ignoreMismatch = false: a cache made for another GPU or TensorRT version
  // is not trusted (its timings would pick the wrong tactics); the build
  // goes on with a fresh cache, which replaces the file afterwards.
  warn(result, "the timing cache " + options.timingCachePath +
                   " was made on another GPU or TensorRT version (or is damaged): not used; a new one is written "
                   "after this build");
  state.timingCache.reset(state.config->createTimingCache(nullptr, 0));
  TRTMAP_TRT_CHECK(state.timingCache && state.config->setTimingCache(*state.timingCache, false), "ERR_TRT_BUILD",
                   "TensorRT could not create an empty timing cache");
}

}  // namespace trt
}  // namespace trtmap
