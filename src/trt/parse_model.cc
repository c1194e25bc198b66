// Parsing the model into a TensorRT network: ONNX through libnvonnxparser
// (errors name the failing node), UFF through libnvparsers on TensorRT 8.
#include <sys/stat.h>

#include "trt/build_steps.h"
#include "trt/check.h"
#include "trt/engine_impl.h"

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

void parseOnnx(const Library& library, const BuildOptions& options, BuildState& state) {
#if TRTMAP_TRT8
  const auto flags =
      1U << static_cast<std::uint32_t>(nvinfer1::NetworkDefinitionCreationFlag::kEXPLICIT_BATCH);
#else
  const std::uint32_t flags = 0;  // explicit batch is the only mode in 10.x
#endif
  state.network.reset(state.builder->createNetworkV2(flags));
  TRTMAP_TRT_CHECK(state.network, "ERR_TRT_BUILD", "TensorRT could not create a network");
  std::unique_ptr<nvonnxparser::IParser, Deleter> parser(library.createOnnxParser(*state.network));
  TRTMAP_TRT_CHECK(parser, "ERR_TRT_BUILD", "TensorRT could not create an ONNX parser");
  if (parser->parseFromFile(options.modelPath.c_str(),
                            static_cast<int>(nvinfer1::ILogger::Severity::kWARNING))) {
    return;
  }
  std::string errors;
  for (int index = 0; index < parser->getNbErrors(); ++index) {
    if (!errors.empty()) errors += "; ";
    errors += describeParserError(*parser->getError(index));
  }
  throw Error("ERR_TRT_BUILD", "TensorRT could not parse the ONNX model " + options.modelPath + ": " +
                                   (errors.empty() ? std::string("no details") : errors),
              options.modelPath);
}

#if TRTMAP_TRT8
TRTMAP_ALLOW_DEPRECATED_BEGIN  // IUffParser::destroy(): its destructor is protected
struct UffParserDeleter {
  void operator()(nvuffparser::IUffParser* parser) const noexcept { parser->destroy(); }
};

void parseUff(const Library& library, const BuildOptions& options, BuildState& state) {
  state.network.reset(state.builder->createNetworkV2(0U));  // UFF networks have an implicit batch
  TRTMAP_TRT_CHECK(state.network, "ERR_TRT_BUILD", "TensorRT could not create a network");
  std::unique_ptr<nvuffparser::IUffParser, UffParserDeleter> parser(library.createUffParser());
  TRTMAP_TRT_CHECK(parser, "ERR_TRT_BUILD", "TensorRT could not create a UFF parser");
  TRTMAP_TRT_CHECK(parser->registerInput(options.uffInput.c_str(), toDims(options.uffInputDims),
                                         nvuffparser::UffInputOrder::kNCHW),
                   "ERR_TRT_BUILD", "the UFF parser rejected input " + options.uffInput);
  for (const auto& output : options.uffOutputs) {
    TRTMAP_TRT_CHECK(parser->registerOutput(output.c_str()), "ERR_TRT_BUILD",
                     "the UFF parser rejected output " + output);
  }
  TRTMAP_TRT_CHECK(parser->parse(options.modelPath.c_str(), *state.network, nvinfer1::DataType::kFLOAT),
                   "ERR_TRT_BUILD", "TensorRT could not parse the UFF model " + options.modelPath);
  state.builder->setMaxBatchSize(options.maxBatchSize);
}
TRTMAP_ALLOW_DEPRECATED_END
#endif

}  // namespace

void parseModel(const Library& library, const BuildOptions& options, BuildState& state) {
  struct stat info {};
  if (stat(options.modelPath.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw Error("ERR_FILE_NOT_FOUND", "model file not found: " + options.modelPath, options.modelPath);
  }
  state.builder.reset(library.createBuilder());
  TRTMAP_TRT_CHECK(state.builder, "ERR_TRT_BUILD", "TensorRT could not create a builder");
  if (options.modelFormat == "uff") {
#if TRTMAP_TRT8
    parseUff(library, options, state);
#else
    throw Error("ERR_UNSUPPORTED",
                "UFF models need TensorRT 8 (the UFF parser was removed in TensorRT 10); convert the "
                "model to ONNX");
#endif
  } else {
    parseOnnx(library, options, state);
  }
}

}  // namespace trt
}  // namespace trtmap
