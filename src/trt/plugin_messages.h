// Recognising TensorRT's "plugin not found" messages, so that a missing
// plugin is reported by name with the flag that loads it, not as a bare
// deserialization or parse failure. No TensorRT types: plain text.
#pragma once

#include <string>
#include <vector>

namespace trtmap {
namespace trt {

// The plugin names (with their version when given) that `logged` says could
// not be found. Recognised forms:
//   8.x:  "getPluginCreator could not find plugin: YoloLayer_TRT version: 1"
//         (7.x and 8.0: "... could not find plugin YoloLayer_TRT version 1")
//   10.x: "IPluginRegistry::getCreator: Error Code 4: API Usage Error (Cannot
//         find plugin: YoloLayer_TRT, version: 1, namespace:.)"
std::vector<std::string> missingPlugins(const std::string& logged);

// "" when `logged` names no missing plugin; else a sentence (starting with
// "; ") that names them and says how to load their library.
std::string pluginHint(const std::string& logged);

}  // namespace trt
}  // namespace trtmap
