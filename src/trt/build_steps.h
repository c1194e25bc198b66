// The steps of buildEngine(), one file each: parsing the model into a
// network, configuring the builder, reporting what was built.
#pragma once

#include <memory>

#include "trt/api.h"
#include "trt/builder.h"
#include "trt/calibrator.h"
#include "trt/library.h"

namespace trtmap {
namespace trt {

#if TRTMAP_HAVE_UFF_PARSER
TRTMAP_ALLOW_DEPRECATED_BEGIN  // IUffParser::destroy(): its destructor is protected
struct UffParserDeleter {
  void operator()(nvuffparser::IUffParser* parser) const noexcept { parser->destroy(); }
};
TRTMAP_ALLOW_DEPRECATED_END
#endif

// Everything a build holds, in an order whose reverse is a safe teardown:
// the configuration (which points at the timing cache, calibrator and
// progress monitor) goes first; the parsers go only after the build, since
// the network holds their weights by reference until the engine is built
// (NvInferRuntime.h, Weights: "held by reference until the engine has been
// built"; onnx-tensorrt keeps its ModelProto alive for that reason, and
// trtexec keeps the parser in its BuildEnvironment); the network before the
// builder that made it.
struct BuildState {
  std::unique_ptr<nvinfer1::IBuilder, Deleter> builder;
  std::unique_ptr<nvinfer1::INetworkDefinition, Deleter> network;
  std::unique_ptr<nvonnxparser::IParser, Deleter> onnxParser;
#if TRTMAP_HAVE_UFF_PARSER
  std::unique_ptr<nvuffparser::IUffParser, UffParserDeleter> uffParser;
#endif
  std::unique_ptr<nvinfer1::ITimingCache, Deleter> timingCache;
#if TRTMAP_WEAK_TYPING
  std::unique_ptr<EntropyCalibrator> calibrator;
#endif
#if TRTMAP_TRT10
  std::unique_ptr<nvinfer1::IProgressMonitor> monitor;
#endif
  std::unique_ptr<nvinfer1::IBuilderConfig, Deleter> config;
};

// Creates state.network from the model (ONNX or, on 8.x, UFF); the parser
// stays in `state` until the build is over.
void parseModel(const Library& library, const BuildOptions& options, BuildState& state);

// Creates state.config: precision, workspace, DLA, profiles, calibrator,
// timing cache, progress monitor. Fills result.workspaceBytes, tf32, fast*,
// stronglyTyped, optimizationProfiles and warnings. Throws ERR_UNSUPPORTED
// for what this TensorRT generation cannot do (weak typing on 11.x, strong
// typing on 8.x).
void configureBuild(const BuildOptions& options, BuildState& state, CalibrationFeed* feed,
                    BuildProgress* progress, BuildResult& result);

// A warning for the user: logged to `sink` as TensorRT's own are, and kept
// in result.warnings.
void warn(BuildResult& result, const std::string& text);

// The engine inspector's report of a serialized engine (detailed verbosity),
// or empty when it cannot be deserialized here (a note says why).
std::string inspectSerialized(const Library& library, const void* data, std::size_t size, int dlaCore,
                              BuildResult& result);

}  // namespace trt
}  // namespace trtmap
