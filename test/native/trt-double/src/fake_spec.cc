// The double's text format for models and plans (README.md), one directive
// a line:
//   input|output <name> <dtype> <dims> [host] [shape] [vec=<dim>:<components>] [produces=<dims>]
//   layer <name> <type> [weights=<bytes>] [plugin=<name>:<version>] [precision=fp32|fp16|int8]
//   profile <index> <input> <min> <opt> <max>
//   implicitbatch <max> | versioncompatible | detailed | dla <core> | flag <name>
//   workspace <bytes> | uffinputorder <order> | devicememory <bytes>
//   fail-build <text> | error-on-load <text> | warn-on-enqueue <text>
#include <cstdlib>
#include <sstream>

#include "fake.h"

namespace fake {

namespace {

std::string rest(std::istringstream& stream) {
  std::string text;
  std::getline(stream, text);
  std::size_t start = text.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : text.substr(start);
}

bool parseTensor(std::istringstream& stream, TensorSpec& tensor, std::string& problem) {
  std::string dtype, dims;
  stream >> tensor.name >> dtype >> dims;
  tensor.dtype = dtypeFromName(dtype);
  if (tensor.name.empty() || tensor.dtype < 0 || dims.empty()) {
    problem = "a tensor needs <name> <dtype> <dims>: " + tensor.name + " " + dtype + " " + dims;
    return false;
  }
  tensor.dims = dims == "-" ? std::vector<std::int64_t>() : parseDims(dims);
  std::string option;
  while (stream >> option) {
    if (option == "host") {
      tensor.host = true;
    } else if (option == "shape") {
      tensor.shapeTensor = true;
    } else if (option.rfind("vec=", 0) == 0) {
      tensor.vectorizedDim = std::atoi(option.c_str() + 4);
      tensor.components = std::atoi(option.c_str() + option.find(':') + 1);
    } else if (option.rfind("produces=", 0) == 0) {
      tensor.produces = parseDims(option.substr(9));
    } else {
      problem = "unknown tensor option " + option;
      return false;
    }
  }
  return true;
}

bool parseLayer(std::istringstream& stream, LayerSpec& layer, std::string& problem) {
  stream >> layer.name >> layer.type;
  std::string option;
  while (stream >> option) {
    if (option.rfind("weights=", 0) == 0) {
      layer.weightBytes = std::size_t(std::strtoull(option.c_str() + 8, nullptr, 10));
    } else if (option.rfind("plugin=", 0) == 0) {
      std::string plugin = option.substr(7);
      layer.plugin = plugin.substr(0, plugin.find(':'));
      layer.pluginVersion = plugin.find(':') == std::string::npos ? "1" : plugin.substr(plugin.find(':') + 1);
    } else if (option.rfind("precision=", 0) == 0) {
      layer.precision = option.substr(10);
    } else {
      problem = "unknown layer option " + option;
      return false;
    }
  }
  return !layer.name.empty();
}

std::string tensorLine(const char* kind, const TensorSpec& tensor) {
  std::string line = std::string(kind) + " " + tensor.name + " " + dtypeName(tensor.dtype) + " " + dimsText(tensor.dims);
  if (tensor.host) line += " host";
  if (tensor.shapeTensor) line += " shape";
  if (tensor.vectorizedDim >= 0) {
    line += " vec=" + std::to_string(tensor.vectorizedDim) + ":" + std::to_string(tensor.components);
  }
  if (!tensor.produces.empty()) line += " produces=" + dimsText(tensor.produces);
  return line + "\n";
}

}  // namespace

bool parseSpec(const std::string& text, Spec& spec, std::string& problem) {
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);  // the format's first line
  while (std::getline(lines, line)) {
    std::istringstream stream(line);
    std::string directive;
    if (!(stream >> directive) || directive[0] == '#') continue;
    if (directive == "input" || directive == "output") {
      TensorSpec tensor;
      if (!parseTensor(stream, tensor, problem)) return false;
      (directive == "input" ? spec.inputs : spec.outputs).push_back(tensor);
    } else if (directive == "layer") {
      LayerSpec layer;
      if (!parseLayer(stream, layer, problem)) return false;
      spec.layers.push_back(layer);
    } else if (directive == "profile") {
      std::size_t index = 0;
      std::string input, min, opt, max;
      stream >> index >> input >> min >> opt >> max;
      if (spec.profiles.size() <= index) spec.profiles.resize(index + 1);
      spec.profiles[index].shapes[input] = {parseDims(min), parseDims(opt), parseDims(max)};
    } else if (directive == "implicitbatch") {
      stream >> spec.implicitBatch;
    } else if (directive == "versioncompatible") {
      spec.versionCompatible = true;
    } else if (directive == "detailed") {
      spec.detailed = true;
    } else if (directive == "dla") {
      stream >> spec.dlaCore;
    } else if (directive == "flag") {
      std::string flag;
      stream >> flag;
      spec.flags.push_back(flag);
    } else if (directive == "workspace") {
      stream >> spec.workspace;
    } else if (directive == "uffinputorder") {
      stream >> spec.uffInputOrder;
    } else if (directive == "devicememory") {
      stream >> spec.deviceMemory;
    } else if (directive == "fail-build") {
      spec.failBuild = rest(stream);
    } else if (directive == "error-on-load") {
      spec.errorOnLoad = rest(stream);
    } else if (directive == "warn-on-enqueue") {
      spec.warnOnEnqueue = rest(stream);
    } else {
      problem = "unknown directive " + directive;
      return false;
    }
  }
  return true;
}

std::string formatSpec(const Spec& spec) {
  std::string text;
  for (const auto& tensor : spec.inputs) text += tensorLine("input", tensor);
  for (const auto& tensor : spec.outputs) text += tensorLine("output", tensor);
  for (const auto& layer : spec.layers) {
    text += "layer " + layer.name + " " + layer.type;
    if (layer.weightBytes > 0) text += " weights=" + std::to_string(layer.weightBytes);
    if (!layer.plugin.empty()) text += " plugin=" + layer.plugin + ":" + layer.pluginVersion;
    if (!layer.precision.empty()) text += " precision=" + layer.precision;
    text += "\n";
  }
  for (std::size_t index = 0; index < spec.profiles.size(); ++index) {
    for (const auto& entry : spec.profiles[index].shapes) {
      text += "profile " + std::to_string(index) + " " + entry.first + " " + dimsText(entry.second[0]) + " " +
              dimsText(entry.second[1]) + " " + dimsText(entry.second[2]) + "\n";
    }
  }
  if (spec.implicitBatch > 0) text += "implicitbatch " + std::to_string(spec.implicitBatch) + "\n";
  if (spec.versionCompatible) text += "versioncompatible\n";
  if (spec.detailed) text += "detailed\n";
  if (spec.dlaCore >= 0) text += "dla " + std::to_string(spec.dlaCore) + "\n";
  for (const auto& flag : spec.flags) text += "flag " + flag + "\n";
  if (spec.workspace > 0) text += "workspace " + std::to_string(spec.workspace) + "\n";
  if (!spec.uffInputOrder.empty()) text += "uffinputorder " + spec.uffInputOrder + "\n";
  if (!spec.errorOnLoad.empty()) text += "error-on-load " + spec.errorOnLoad + "\n";
  if (!spec.warnOnEnqueue.empty()) text += "warn-on-enqueue " + spec.warnOnEnqueue + "\n";
  return text;
}

}  // namespace fake
