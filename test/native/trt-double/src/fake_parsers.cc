// The double's ONNX parser (libnvonnxparser) and, for TensorRT 8, its UFF
// parser (libnvparsers). They read the double's text models (README.md)
// into a network. The weights of the layers belong to the parser, as
// onnx-tensorrt's belong to the ModelProto it keeps: destroying the parser
// frees (poisons) them, and the builder checks them when it builds.
#include <fstream>
#include <iterator>
#include <memory>

#include "fake_network.h"

namespace fake {

namespace {

class ParserError : public nvonnxparser::fakedefaults::IParserErrorDefault {
 public:
  ParserError(std::string text, int index, std::string name, std::string op)
      : text_(std::move(text)), node_(index), name_(std::move(name)), op_(std::move(op)) {}
  const char* desc() const noexcept override { return text_.c_str(); }
  int node() const noexcept override { return node_; }
  nvonnxparser::ErrorCode code() const noexcept override { return nvonnxparser::ErrorCode::kUNSUPPORTED_NODE; }
#if NV_TENSORRT_MAJOR >= 10
  const char* nodeName() const noexcept override { return name_.c_str(); }
  const char* nodeOperator() const noexcept override { return op_.c_str(); }
#endif

 private:
  std::string text_;
  int node_;
  std::string name_, op_;
};

// Reads `path` and fills `network`; the layers' weights are allocated for
// `owner`, which frees them.
bool readModel(const std::string& path, const char* magic, Network& network, std::vector<void*>& weights,
               std::vector<std::unique_ptr<ParserError>>& errors) {
  std::ifstream file(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  Spec spec;
  std::string problem;
  if (!file || text.rfind(magic, 0) != 0 || !parseSpec(text, spec, problem)) {
    errors.emplace_back(new ParserError("not a model of the TensorRT double (" + path + ") " + problem, -1, "", ""));
    return false;
  }
  for (const auto& input : spec.inputs) network.inputs.emplace_back(new Tensor(input));
  for (const auto& output : spec.outputs) network.outputs.emplace_back(new Tensor(output));
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    const LayerSpec& layer = spec.layers[index];
    if (!layer.plugin.empty() && !pluginRegistered(layer.plugin, layer.pluginVersion)) {
      // onnx-tensorrt imports an unknown operator as a plugin of that name.
      error(missingPluginMessage(layer.plugin, layer.pluginVersion));
      errors.emplace_back(new ParserError(
          "Assertion failed: creator && \"Plugin not found, are the plugin name, version, and namespace correct?\"",
          int(index), layer.name, layer.plugin));
      return false;
    }
    void* memory = layer.weightBytes > 0 ? allocateWeights(layer.weightBytes, layer.name) : nullptr;
    if (memory != nullptr) weights.push_back(memory);
    network.layers.emplace_back(new Layer(layer, memory));
  }
  network.failBuild = spec.failBuild;
  return true;
}

class OnnxParser : public nvonnxparser::fakedefaults::IParserDefault {
 public:
  explicit OnnxParser(Network& network) : network_(network) {}
  ~OnnxParser() override {
    for (void* memory : weights_) freeWeights(memory);
  }
  bool parseFromFile(const char* path, int) noexcept override {
    return readModel(path, "TRTMAP-FAKE-ONNX", network_, weights_, errors_);
  }
  int getNbErrors() const noexcept override { return int(errors_.size()); }
  const nvonnxparser::IParserError* getError(int index) const noexcept override {
    return index >= 0 && std::size_t(index) < errors_.size() ? errors_[std::size_t(index)].get() : nullptr;
  }

 private:
  Network& network_;
  std::vector<void*> weights_;
  std::vector<std::unique_ptr<ParserError>> errors_;
};

}  // namespace

}  // namespace fake

TRTMAP_FAKE_EXPORT void* createNvOnnxParser_INTERNAL(void* network, void* logger, int) noexcept {
  fake::setLogger(static_cast<nvinfer1::ILogger*>(logger));
  auto* fakeNetwork = static_cast<fake::Network*>(static_cast<nvinfer1::INetworkDefinition*>(network));
  return fakeNetwork == nullptr ? nullptr : static_cast<nvonnxparser::IParser*>(new fake::OnnxParser(*fakeNetwork));
}

#if NV_TENSORRT_MAJOR == 8
namespace fake {
namespace {

class UffParser : public nvuffparser::fakedefaults::IUffParserDefault {
 public:
  ~UffParser() override {
    for (void* memory : weights_) freeWeights(memory);
  }
  bool registerInput(const char* name, nvinfer1::Dims dims, nvuffparser::UffInputOrder order) noexcept override {
    input_ = name;
    dims_ = fromDims(dims);
    order_ = order == nvuffparser::UffInputOrder::kNHWC ? "nhwc" : order == nvuffparser::UffInputOrder::kNC ? "nc" : "nchw";
    return dims_.size() == 3 || order == nvuffparser::UffInputOrder::kNC;
  }
  bool registerOutput(const char* name) noexcept override {
    outputs_.push_back(name);
    return true;
  }
  bool parse(const char* file, nvinfer1::INetworkDefinition& network, nvinfer1::DataType) noexcept override {
    auto* fakeNetwork = static_cast<Network*>(&network);
    std::vector<std::unique_ptr<ParserError>> errors;
    if (fakeNetwork == nullptr || !readModel(file, "TRTMAP-FAKE-UFF", *fakeNetwork, weights_, errors)) {
      error(errors.empty() ? std::string("UFF parse failure") : errors[0]->desc());
      return false;
    }
    if (fakeNetwork->inputs.empty() || fakeNetwork->inputs[0]->spec.name != input_) {
      error("UFFParser: input " + input_ + " is not in the model");
      return false;
    }
    fakeNetwork->inputs[0]->spec.dims = dims_;
    fakeNetwork->implicitBatch = 1;
    fakeNetwork->uffInputOrder = order_;
    return true;
  }
  void destroy() noexcept override { delete this; }

 private:
  std::string input_, order_;
  std::vector<std::int64_t> dims_;
  std::vector<std::string> outputs_;
  std::vector<void*> weights_;
};

}  // namespace
}  // namespace fake

TRTMAP_FAKE_EXPORT void* createNvUffParser_INTERNAL() noexcept {
  return static_cast<nvuffparser::IUffParser*>(new fake::UffParser());
}
#endif
