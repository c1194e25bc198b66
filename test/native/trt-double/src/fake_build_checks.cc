// The rest of the double's builder: precision, plugins, workspace and
// calibration checks, the plan it writes, and libnvinfer's entry points.
#include <dlfcn.h>

#include "fake_builder.h"

namespace fake {

namespace {

bool hasQdq(const Network& network) {
  for (const auto& layer : network.layers) {
    if (layer->spec.type == "Quantize" || layer->spec.type == "Dequantize") return true;
  }
  return false;
}

#if NV_TENSORRT_MAJOR < 11
std::vector<std::int64_t> calibrationShape(const Tensor& tensor, const BuilderConfig& config) {
  if (config.calibrationProfile != nullptr) {
    auto found = config.calibrationProfile->spec.shapes.find(tensor.spec.name);
    if (found != config.calibrationProfile->spec.shapes.end()) return found->second[1];
  }
  return tensor.spec.dims;
}
#endif

bool hasFlag(const BuilderConfig& config, nvinfer1::BuilderFlag flag) { return config.flags.count(int(flag)) != 0; }

#if NV_TENSORRT_MAJOR < 11
bool fp16Flag(const BuilderConfig& config) { return hasFlag(config, nvinfer1::BuilderFlag::kFP16); }
bool int8Flag(const BuilderConfig& config) { return hasFlag(config, nvinfer1::BuilderFlag::kINT8); }
#else
bool fp16Flag(const BuilderConfig&) { return false; }
bool int8Flag(const BuilderConfig&) { return false; }
#endif

std::vector<std::string> flagNames(const BuilderConfig& config) {
  std::vector<std::string> names;
  auto add = [&](nvinfer1::BuilderFlag flag, const char* name) {
    if (hasFlag(config, flag)) names.push_back(name);
  };
#if NV_TENSORRT_MAJOR < 11
  if (fp16Flag(config)) names.push_back("FP16");
  if (int8Flag(config)) names.push_back("INT8");
  add(nvinfer1::BuilderFlag::kPREFER_PRECISION_CONSTRAINTS, "PREFER_PRECISION_CONSTRAINTS");
#endif
  add(nvinfer1::BuilderFlag::kTF32, "TF32");
  add(nvinfer1::BuilderFlag::kGPU_FALLBACK, "GPU_FALLBACK");
  add(nvinfer1::BuilderFlag::kDIRECT_IO, "DIRECT_IO");
#if NV_TENSORRT_MAJOR >= 10
  add(nvinfer1::BuilderFlag::kVERSION_COMPATIBLE, "VERSION_COMPATIBLE");
#endif
  return names;
}

std::string layerPrecision(const Network& network, const BuilderConfig& config, const LayerSpec& layer) {
  if (network.stronglyTyped()) return layer.precision.empty() ? "fp32" : layer.precision;
  bool calibrated = config.calibrator != nullptr || hasQdq(network);
  if (int8Flag(config) && calibrated && fastInt8()) return "int8";
  if (fp16Flag(config) && fastFp16()) return "fp16";
  return "fp32";
}

}  // namespace

bool Builder::Impl::checkPrecision(Network& network, BuilderConfig& config) {
  if (network.stronglyTyped() && (fp16Flag(config) || int8Flag(config))) {
    error("3: [builderConfig.cpp] Error Code 3: API Usage Error (a strongly typed network does not take the FP16 or "
          "INT8 builder flags: its types come from the network)");
    return false;
  }
  if (int8Flag(config) && config.calibrator == nullptr && !hasQdq(network)) {
    error("4: [standardEngineBuilder.cpp] Error Code 4: Internal Error (Calibration failure occurred with no scaling "
          "factors detected: INT8 without a calibrator, dynamic ranges or Q/DQ nodes)");
    return false;
  }
  return true;
}

bool Builder::Impl::checkPlugins(Network& network) {
  for (const auto& layer : network.layers) {
    if (!layer->spec.plugin.empty() && !pluginRegistered(layer->spec.plugin, layer->spec.pluginVersion)) {
      error(missingPluginMessage(layer->spec.plugin, layer->spec.pluginVersion));
      return false;
    }
  }
  return true;
}

// IBuilderConfig::getMaxWorkspaceSize (8.2): "By default the workspace size
// is 0, which means there is no temporary memory" - and without it the
// convolution tactics have nowhere to run.
bool Builder::Impl::checkWorkspace(Network& network, BuilderConfig& config) {
  const bool defaultIsZero = kMajor == 8 && kMinor < 4;
  if (!defaultIsZero || config.workspaceSet || network.layers.empty()) return true;
  for (const auto& layer : network.layers) {
    if (layer->spec.type == "Convolution") {
      error("10: [optimizer.cpp::computeCosts::2011] Error Code 10: Internal Error (Could not find any implementation "
            "for node " + layer->spec.name + ".)");
      return false;
    }
  }
  return true;
}

bool Builder::Impl::calibrate(Network& network, BuilderConfig& config) {
#if NV_TENSORRT_MAJOR < 11
  if (!int8Flag(config) || config.calibrator == nullptr) return true;
  auto* calibrator = static_cast<nvinfer1::IInt8Calibrator*>(config.calibrator);
  std::size_t cacheBytes = 0;
  if (calibrator->readCalibrationCache(cacheBytes) != nullptr && cacheBytes > 0) return true;
  std::vector<const char*> names;
  for (const auto& input : network.inputs) names.push_back(input->spec.name.c_str());
  std::vector<void*> bindings(names.size(), nullptr);
  std::size_t batches = 0;
  const int batch = calibrator->getBatchSize();
  while (batches < 64 && calibrator->getBatch(bindings.data(), names.data(), int(names.size()))) {
    for (std::size_t index = 0; index < names.size(); ++index) {
      const Tensor& input = *network.inputs[index];
      std::vector<std::int64_t> dims = calibrationShape(input, config);
      if (network.implicitBatch > 0 || batch > 1) dims.insert(dims.begin(), batch);
      if (!checkMemory("calibration batch for input " + input.spec.name, bindings[index], tensorBytes(input.spec, dims),
                       false)) {
        return false;
      }
    }
    ++batches;
  }
  if (batches == 0) {
    error("2: [calibrator.cpp] Error Code 2: Internal Error (Calibration failure: the calibrator gave no batch)");
    return false;
  }
  static const char kCache[] = "TRTMAP-FAKE-CALIBRATION-CACHE\n";
  calibrator->writeCalibrationCache(kCache, sizeof(kCache) - 1);
#else
  (void)network;
  (void)config;
#endif
  return true;
}

Spec planOf(const Network& network, const BuilderConfig& config, int maxBatchSize) {
  Spec plan;
  const auto linear = nvinfer1::TensorFormats(1U << int(nvinfer1::TensorFormat::kLINEAR));
  for (const auto& input : network.inputs) {
    plan.inputs.push_back(input->spec);
    if (input->allowedFormats == linear) plan.inputs.back().vectorizedDim = -1;
  }
  for (const auto& output : network.outputs) {
    plan.outputs.push_back(output->spec);
    if (output->allowedFormats == linear) plan.outputs.back().vectorizedDim = -1;
  }
  for (const auto& layer : network.layers) {
    plan.layers.push_back(layer->spec);
    plan.layers.back().precision = layerPrecision(network, config, layer->spec);
  }
  for (const auto* profile : config.profiles) plan.profiles.push_back(profile->spec);
  plan.implicitBatch = network.implicitBatch > 0 ? maxBatchSize : 0;
  plan.flags = flagNames(config);
#if NV_TENSORRT_MAJOR >= 10
  plan.versionCompatible = hasFlag(config, nvinfer1::BuilderFlag::kVERSION_COMPATIBLE);
#endif
  plan.detailed = config.detailed;
  plan.dlaCore = config.dla ? config.dlaCore : -1;
  plan.workspace = std::int64_t(config.workspace);
  plan.uffInputOrder = network.uffInputOrder;
  return plan;
}

}  // namespace fake

TRTMAP_FAKE_EXPORT std::int32_t getInferLibVersion() noexcept {
  return fake::kMajor * (fake::kMajor >= 10 ? 10000 : 1000) + fake::kMinor * 100 + fake::kPatch;
}

// TensorRT 8.6 and later open their builder resources by name when a
// builder is created; without them there is no builder.
TRTMAP_FAKE_EXPORT void* createInferBuilder_INTERNAL(void* logger, std::int32_t) noexcept {
  fake::setLogger(static_cast<nvinfer1::ILogger*>(logger));
  if (fake::kMajor >= 10 || (fake::kMajor == 8 && fake::kMinor >= 6)) {
    std::string resource = "libnvinfer_builder_resource.so." + fake::versionText();
    if (dlopen(resource.c_str(), RTLD_NOW | RTLD_LOCAL) == nullptr) {
      const char* reason = dlerror();
      fake::error("6: [libLoader.cpp::DynamicLibrary] Error Code 6: Internal Error (Unable to load library: " +
                  resource + ": " + (reason ? reason : "?") + ")");
      return nullptr;
    }
  }
  return static_cast<nvinfer1::IBuilder*>(new fake::Builder());
}
