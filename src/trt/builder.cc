#include "trt/builder.h"

#include <fstream>

#include "trt/build_steps.h"
#include "trt/check.h"

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

// The timing cache is worth keeping even when the build fails later.
void saveTimingCache(const BuildOptions& options, BuildState& state) {
  if (options.timingCachePath.empty()) return;
  const nvinfer1::ITimingCache* cache = state.config->getTimingCache();
  if (cache == nullptr) return;
  std::unique_ptr<nvinfer1::IHostMemory, Deleter> blob(cache->serialize());
  if (blob) writeFile(options.timingCachePath, blob->data(), blob->size());
}

}  // namespace

BuildResult buildEngine(const BuildOptions& options, LogSink* sink, BuildProgress* progress,
                        CalibrationFeed* feed) {
  const Library& library = Library::get();
  ScopedLogSink logTo(sink);
  BuildState state;
  report(progress, "parse");
  parseModel(library, options, state);
  report(progress, "configure");
  configureBuild(options, state, feed, progress);
  report(progress, "build");
  std::unique_ptr<nvinfer1::IHostMemory, Deleter> serialized(
      state.builder->buildSerializedNetwork(*state.network, *state.config));
  // The feed's failure (a JavaScript iterator that threw, a cache that could
  // not be written) is the real cause when calibration ended the build.
  ErrorInfo failure;
  if (feed != nullptr && feed->failed(failure)) throw Error(failure.code, failure.message, failure.file);
  TRTMAP_TRT_CHECK(serialized && serialized->size() > 0, "ERR_TRT_BUILD",
                   "TensorRT could not build an engine from " + options.modelPath);
  saveTimingCache(options, state);
  report(progress, "write");
  writeFile(options.outputPath, serialized->data(), serialized->size());
  BuildResult result;
  result.engineBytes = serialized->size();
  result.calibrationBatches = feed != nullptr ? feed->batches() : 0;
  result.tensorRtVersion = library.version();
  return result;
}

}  // namespace trt
}  // namespace trtmap
