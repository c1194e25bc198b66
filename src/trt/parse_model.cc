// Parsing the model into a TensorRT network: ONNX through libnvonnxparser
// (errors name the failing node), UFF through libnvparsers on TensorRT 8.
// The parsers are kept in BuildState: the network refers to weights they own.
#include <sys/stat.h>

#include "trt/build_steps.h"
#include "trt/check.h"
#include "trt/engine_impl.h"
#include "trt/plugin_messages.h"

namespace trtmap {
namespace trt {

namespace {

std::string describeParserError(const nvonnxparser::IParserError& error) {
  std::string text;
  if (error.node() >= 0) {
    text += "node " + std::to_string(error.node());
#if TRTMAP_TRT10
    // Names arrived with TensorRT 8.6's parser; 8.2 only has the index.
    if (error.nodeName() != nullptr && *error.nodeName() != '\0') text += std::string(" ") + error.nodeName();
    if (error.nodeOperator() != nullptr && *error.nodeOperator() != '\0') {
      text += std::string(" (") + error.nodeOperator() + ")";
    }
#endif
    text += ": ";
  }
  return text + (error.desc() != nullptr ? error.desc() : "unknown error");
}

std::uint32_t networkFlags(const BuildOptions& options) {
#if TRTMAP_TRT8
  (void)options;
  return 1U << static_cast<std::uint32_t>(nvinfer1::NetworkDefinitionCreationFlag::kEXPLICIT_BATCH);
#elif TRTMAP_WEAK_TYPING
  // 10.x: explicit batch is the only mode; strongly typed on request.
  TRTMAP_ALLOW_DEPRECATED_BEGIN  // kSTRONGLY_TYPED is deprecated from 10.12 on (11 types every network)
  return options.stronglyTyped
             ? 1U << static_cast<std::uint32_t>(nvinfer1::NetworkDefinitionCreationFlag::kSTRONGLY_TYPED)
             : 0U;
  TRTMAP_ALLOW_DEPRECATED_END
#else
  (void)options;
  return 0U;  // 11.x: every network is strongly typed
#endif
}

void parseOnnx(const Library& library, const BuildOptions& options, BuildState& state) {
  state.network.reset(state.builder->createNetworkV2(networkFlags(options)));
  TRTMAP_TRT_CHECK(state.network, "ERR_TRT_BUILD", "TensorRT could not create a network");
  state.onnxParser.reset(library.createOnnxParser(*state.network));
  TRTMAP_TRT_CHECK(state.onnxParser, "ERR_TRT_BUILD", "TensorRT could not create an ONNX parser");
  nvonnxparser::IParser& parser = *state.onnxParser;
  if (parser.parseFromFile(options.modelPath.c_str(), static_cast<int>(nvinfer1::ILogger::Severity::kWARNING))) {
    return;
  }
  std::string errors;
  for (int index = 0; index < parser.getNbErrors(); ++index) {
    if (!errors.empty()) errors += "; ";
    errors += describeParserError(*parser.getError(index));
  }
  // onnx-tensorrt imports an unknown operator as a plugin; the registry logs
  // which creator it could not find.
  std::string hint = pluginHint(errors + "; " + takeRecentErrors());
  throw Error("ERR_TRT_BUILD", "TensorRT could not parse the ONNX model " + options.modelPath + ": " +
                                   (errors.empty() ? std::string("no details") : errors) + hint,
              options.modelPath);
}

#if TRTMAP_HAVE_UFF_PARSER
TRTMAP_ALLOW_DEPRECATED_BEGIN  // the UFF parser and implicit batch, deprecated in 8.x
void parseUff(const Library& library, const BuildOptions& options, BuildState& state) {
  state.network.reset(state.builder->createNetworkV2(0U));  // UFF networks have an implicit batch
  TRTMAP_TRT_CHECK(state.network, "ERR_TRT_BUILD", "TensorRT could not create a network");
  state.uffParser.reset(library.createUffParser());
  TRTMAP_TRT_CHECK(state.uffParser, "ERR_TRT_BUILD", "TensorRT could not create a UFF parser");
  nvuffparser::IUffParser& parser = *state.uffParser;
  const auto order =
      options.uffInputOrder == "nhwc" ? nvuffparser::UffInputOrder::kNHWC : nvuffparser::UffInputOrder::kNCHW;
  TRTMAP_TRT_CHECK(parser.registerInput(options.uffInput.c_str(), toDims(options.uffInputDims), order),
                   "ERR_TRT_BUILD", "the UFF parser rejected input " + options.uffInput);
  for (const auto& output : options.uffOutputs) {
    TRTMAP_TRT_CHECK(parser.registerOutput(output.c_str()), "ERR_TRT_BUILD",
                     "the UFF parser rejected output " + output);
  }
  TRTMAP_TRT_CHECK(parser.parse(options.modelPath.c_str(), *state.network, nvinfer1::DataType::kFLOAT),
                   "ERR_TRT_BUILD", "TensorRT could not parse the UFF model " + options.modelPath);
  state.builder->setMaxBatchSize(options.maxBatchSize);
}
TRTMAP_ALLOW_DEPRECATED_END
#endif

[[noreturn]] void uffUnavailable() {
#if TRTMAP_TRT8
  throw Error("ERR_UNSUPPORTED",
              "UFF models need TensorRT 8's UFF parser, and this trtmap was built without NvUffParser.h; "
              "install TensorRT's UFF parser headers (libnvparsers-dev) and rebuild, or convert the model to "
              "ONNX");
#else
  throw Error("ERR_UNSUPPORTED",
              "UFF models need TensorRT 8 (TensorRT 10 removed the UFF parser); convert the model to ONNX "
              "(e.g. tf2onnx for TensorFlow SSD models)");
#endif
}

}  // namespace

void parseModel(const Library& library, const BuildOptions& options, BuildState& state) {
  struct stat info {};
  if (stat(options.modelPath.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw Error("ERR_FILE_NOT_FOUND", "model file not found: " + options.modelPath, options.modelPath);
  }
  state.builder.reset(library.createBuilder());
  TRTMAP_TRT_CHECK(state.builder, "ERR_TRT_BUILD",
                   "TensorRT could not create a builder" + library.builderResourceHint());
  if (options.modelFormat == "uff") {
#if TRTMAP_HAVE_UFF_PARSER
    parseUff(library, options, state);
#else
    uffUnavailable();
#endif
  } else {
    parseOnnx(library, options, state);
  }
}

}  // namespace trt
}  // namespace trtmap
