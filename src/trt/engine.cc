#include "trt/engine.h"

#include "trt/check.h"
#include "trt/engine_impl.h"
#include "trt/library.h"

namespace trtmap {
namespace trt {

namespace {

// The start of a serialized engine is not documented; what is checked here
// is only what keeps TensorRT from reading past a tiny buffer. TensorRT
// itself rejects foreign engines (another version or GPU) with a log error.
constexpr std::size_t kMinimumEngineBytes = 32;

std::size_t deviceMemorySize(const nvinfer1::ICudaEngine& engine) {
#if TRTMAP_TRT10 && NV_TENSORRT_MINOR >= 1
  return std::size_t(engine.getDeviceMemorySizeV2());
#else
  return engine.getDeviceMemorySize();
#endif
}

}  // namespace

Engine::Engine() : impl_(new Impl()) {}
Engine::~Engine() = default;

std::shared_ptr<Engine> Engine::deserialize(const std::uint8_t* bytes, std::size_t size, LogSink* sink) {
  const Library& library = Library::get();
  ScopedLogSink logTo(sink);
  if (size < kMinimumEngineBytes) {
    throw Error("ERR_TRT_ENGINE", "not a TensorRT engine: only " + std::to_string(size) +
                                      " bytes");
  }
  std::shared_ptr<Engine> engine(new Engine());
  engine->impl_->runtime.reset(library.createRuntime());
  TRTMAP_TRT_CHECK(engine->impl_->runtime, "ERR_TRT_ENGINE", "TensorRT could not create a runtime");
  engine->impl_->engine.reset(engine->impl_->runtime->deserializeCudaEngine(bytes, size));
  TRTMAP_TRT_CHECK(engine->impl_->engine, "ERR_TRT_ENGINE",
                   "TensorRT " + library.version() +
                       " could not deserialize the engine (an engine only loads with the TensorRT "
                       "version and the GPU model it was built with; rebuild it with `trtmap build`)");
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

}  // namespace trt
}  // namespace trtmap
