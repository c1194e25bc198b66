#include "trt/builder.h"

#include <fstream>

#include "trt/build_steps.h"
#include "trt/check.h"
#include "trt/engine_impl.h"
#include "trt/plugin_messages.h"

namespace trtmap {
namespace trt {

namespace {

void writeFile(const std::string& path, const void* data, std::size_t size) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(static_cast<const char*>(data), std::streamsize(size));
  file.close();
  if (!file) throw Error("ERR_IO", "could not write " + path, path);
}

void report(BuildProgress* progress, const char* phase) {
  if (progress != nullptr) progress->progress(phase, 0, 0);
}

// The timing cache is worth keeping even when the build fails later: the
// tactics timed so far need not be timed again.
void saveTimingCache(const BuildOptions& options, BuildState& state) {
  if (options.timingCachePath.empty() || !state.config) return;
  const nvinfer1::ITimingCache* cache = state.config->getTimingCache();
  if (cache == nullptr) return;
  std::unique_ptr<nvinfer1::IHostMemory, Deleter> blob(cache->serialize());
  if (blob && blob->size() > 0) writeFile(options.timingCachePath, blob->data(), blob->size());
}

// Build failures the feed or TensorRT explain better than "no engine".
[[noreturn]] void throwBuildFailure(const BuildOptions& options, CalibrationFeed* feed) {
  // The feed's failure (a JavaScript iterator that threw, a cache that could
  // not be written) is the real cause when calibration ended the build.
  ErrorInfo failure;
  if (feed != nullptr && feed->failed(failure)) throw Error(failure.code, failure.message, failure.file);
  std::string logged = takeRecentErrors();
  throw Error("ERR_TRT_BUILD", "TensorRT could not build an engine from " + options.modelPath +
                                   (logged.empty() ? std::string() : ": " + logged) + pluginHint(logged));
}

std::unique_ptr<nvinfer1::IHostMemory, Deleter> buildSerialized(const BuildOptions& options, BuildState& state,
                                                                CalibrationFeed* feed) {
  std::unique_ptr<nvinfer1::IHostMemory, Deleter> serialized(
      state.builder->buildSerializedNetwork(*state.network, *state.config));
  ErrorInfo calibrationFailure;
  bool calibrationFailed = feed != nullptr && feed->failed(calibrationFailure);
  if (serialized && serialized->size() > 0 && !calibrationFailed) return serialized;
  try {
    saveTimingCache(options, state);
  } catch (...) {
    // The build's own failure is the one to report.
  }
  throwBuildFailure(options, feed);
}

}  // namespace

std::string inspectSerialized(const Library& library, const void* data, std::size_t size, int dlaCore,
                              BuildResult& result) {
  std::unique_ptr<nvinfer1::IRuntime, Deleter> runtime(library.createRuntime());
  if (runtime && dlaCore >= 0) runtime->setDLACore(dlaCore);
  std::unique_ptr<nvinfer1::ICudaEngine, Deleter> engine(
      runtime ? runtime->deserializeCudaEngine(data, size) : nullptr);
  std::unique_ptr<nvinfer1::IEngineInspector, Deleter> inspector(engine ? engine->createEngineInspector() : nullptr);
  const char* json = inspector ? inspector->getEngineInformation(nvinfer1::LayerInformationFormat::kJSON) : nullptr;
  if (json == nullptr || *json == '\0') {
    warn(result, "the engine inspector gave no layer information for the built engine: its layer precisions are "
                 "unknown");
    return std::string();
  }
  return json;
}

BuildResult buildEngine(const BuildOptions& options, LogSink* sink, BuildProgress* progress, CalibrationFeed* feed) {
  const Library& library = Library::get();
  ScopedLogSink logTo(sink);
  // Custom layers in the ONNX model are imported as plugins: their creators
  // must be registered before parsing.
  library.loadPlugins(options.plugins);
  BuildResult result;
  BuildState state;
  report(progress, "parse");
  parseModel(library, options, state);
  report(progress, "configure");
  configureBuild(options, state, feed, progress, result);
  report(progress, "build");
  std::unique_ptr<nvinfer1::IHostMemory, Deleter> serialized = buildSerialized(options, state, feed);
  saveTimingCache(options, state);
  report(progress, "write");
  writeFile(options.outputPath, serialized->data(), serialized->size());
  result.engineBytes = serialized->size();
  result.calibrationBatches = feed != nullptr ? feed->batches() : 0;
  result.tensorRtVersion = library.version();
  report(progress, "inspect");
  result.layerInformation = inspectSerialized(library, serialized->data(), serialized->size(), options.dlaCore, result);
  return result;
}

}  // namespace trt
}  // namespace trtmap
