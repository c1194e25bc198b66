#include "trt/engine.h"

#include <algorithm>

#include "trt/check.h"
#include "trt/engine_impl.h"
#include "trt/library.h"
#include "trt/plugin_messages.h"

namespace trtmap {
namespace trt {

namespace {

// The start of a serialized engine is not documented; what is checked here
// is only what keeps TensorRT from reading past a tiny buffer. TensorRT
// itself rejects foreign engines (another version or GPU) with a log error;
// lib/trt adds what the plan header says about who built it.
constexpr std::size_t kMinimumEngineBytes = 32;

std::size_t deviceMemorySize(const nvinfer1::ICudaEngine& engine) {
#if TRTMAP_TRT10 && (NV_TENSORRT_MAJOR > 10 || NV_TENSORRT_MINOR >= 1)
  return std::size_t(engine.getDeviceMemorySizeV2());
#else
  return engine.getDeviceMemorySize();
#endif
}

bool hasDynamicInputs(const EngineDescription& description) {
  if (description.implicitBatch) return false;
  for (const auto& tensor : description.tensors) {
    if (tensor.isInput && std::find(tensor.shape.begin(), tensor.shape.end(), -1) != tensor.shape.end()) {
      return true;
    }
  }
  return false;
}

void setUpRuntime(nvinfer1::IRuntime& runtime, const LoadOptions& options) {
  if (options.dlaCore >= 0) {
    int cores = runtime.getNbDLACores();
    if (options.dlaCore >= cores) {
      throw Error("ERR_TRT_ENGINE", "DLA core " + std::to_string(options.dlaCore) +
                                        " was asked for but this device has " + std::to_string(cores) +
                                        " (the Jetson Nano has none; Xavier and Orin have 2)");
    }
    // A DLA engine runs on the core the runtime is set to (trtexec does the
    // same before deserializing).
    runtime.setDLACore(options.dlaCore);
  }
#if TRTMAP_TRT10
  // Version-compatible plans embed the lean runtime, host code the
  // application must opt into (trtexec: --versionCompatible).
  if (options.versionCompatible) runtime.setEngineHostCodeAllowed(true);
#else
  if (options.versionCompatible) {
    throw Error("ERR_UNSUPPORTED",
                "version-compatible engines need TensorRT 10 or later (this trtmap is built for TensorRT 8)");
  }
#endif
}

}  // namespace

Engine::Engine() : impl_(new Impl()) {}
Engine::~Engine() = default;

std::shared_ptr<Engine> Engine::deserialize(const std::uint8_t* bytes, std::size_t size, const LoadOptions& options,
                                            LogSink* sink) {
  const Library& library = Library::get();
  ScopedLogSink logTo(sink);
  library.loadPlugins(options.plugins);
  if (size < kMinimumEngineBytes) {
    throw Error("ERR_TRT_ENGINE", "not a TensorRT engine: only " + std::to_string(size) + " bytes");
  }
  std::shared_ptr<Engine> engine(new Engine());
  engine->impl_->runtime.reset(library.createRuntime());
  TRTMAP_TRT_CHECK(engine->impl_->runtime, "ERR_TRT_ENGINE", "TensorRT could not create a runtime");
  setUpRuntime(*engine->impl_->runtime, options);
  engine->impl_->engine.reset(engine->impl_->runtime->deserializeCudaEngine(bytes, size));
  if (!engine->impl_->engine) {
    std::string logged = takeRecentErrors();
    std::string hint = pluginHint(logged);
    throw Error("ERR_TRT_ENGINE",
                "TensorRT " + library.version() + " could not deserialize the engine" +
                    (logged.empty() ? std::string() : ": " + logged) +
                    (hint.empty() ? "; an engine only loads with the TensorRT version and the GPU model it was "
                                    "built with (and with the plugin libraries it uses): rebuild it on this "
                                    "machine with `trtmap build`"
                                  : hint));
  }
  const nvinfer1::ICudaEngine& cudaEngine = *engine->impl_->engine;
  EngineDescription& description = engine->description_;
  describeTensors(cudaEngine, description);
  description.deviceMemorySize = deviceMemorySize(cudaEngine);
  description.optimizationProfiles = cudaEngine.getNbOptimizationProfiles();
  description.layers = cudaEngine.getNbLayers();
  description.tensorRtVersion = library.version();
  return engine;
}

std::string Engine::layerInformation() const {
  std::unique_ptr<nvinfer1::IEngineInspector, Deleter> inspector(impl_->engine->createEngineInspector());
  if (!inspector) return std::string();
  const char* json = inspector->getEngineInformation(nvinfer1::LayerInformationFormat::kJSON);
  return json != nullptr ? json : std::string();
}

int Engine::acquireProfile() {
#if TRTMAP_TRT8
  if (!hasDynamicInputs(description_)) return 0;
  std::lock_guard<std::mutex> lock(profileMutex_);
  const int profiles = std::max(1, description_.optimizationProfiles);
  profilesInUse_.resize(std::size_t(profiles), false);
  for (int index = 0; index < profiles; ++index) {
    if (!profilesInUse_[std::size_t(index)]) {
      profilesInUse_[std::size_t(index)] = true;
      return index;
    }
  }
  throw Error("ERR_TRT_ENGINE",
              "this engine has dynamic input shapes and " + std::to_string(profiles) +
                  " optimization profile(s), each in use by an execution context: TensorRT 8 gives every "
                  "concurrent context its own profile. Dispose a context first, or rebuild the engine for more "
                  "concurrent contexts (trtmap build --contexts N; buildEngine({ contexts: N }))");
#else
  (void)hasDynamicInputs;
  return 0;
#endif
}

void Engine::releaseProfile(int profile) noexcept {
  std::lock_guard<std::mutex> lock(profileMutex_);
  if (profile >= 0 && std::size_t(profile) < profilesInUse_.size()) profilesInUse_[std::size_t(profile)] = false;
}

}  // namespace trt
}  // namespace trtmap
