// Reading the plain objects lib/trt passes to the TensorRT bindings (by field
// name, so that a field the TypeScript side forgets is reported by name), and
// turning the TensorRT layer's plain data into JavaScript values.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "trt/types.h"

namespace trtmap {
namespace binding {

// Each throws ERR_INVALID_ARGUMENT "Expected <type> for <what>.<key>".
std::string stringField(const Napi::Object& object, const char* key, const char* what);
double numberField(const Napi::Object& object, const char* key, const char* what);
bool booleanField(const Napi::Object& object, const char* key, const char* what);
Napi::Object objectField(const Napi::Object& object, const char* key, const char* what);
Napi::Array arrayField(const Napi::Object& object, const char* key, const char* what);
// An array of strings (plugin paths, output names).
std::vector<std::string> stringListField(const Napi::Object& object, const char* key, const char* what);
// An array of integers >= -1 (shapes; -1 is a dynamic dimension).
std::vector<std::int64_t> shapeValue(const Napi::Value& value, const std::string& what);
std::vector<std::int64_t> shapeField(const Napi::Object& object, const char* key, const char* what);
Napi::Object requireObject(const Napi::Value& value, const char* what);

Napi::Array shapeToJs(Napi::Env env, const std::vector<std::int64_t>& shape);
Napi::Object describeEngine(Napi::Env env, const trt::EngineDescription& description);
Napi::Object statusToJs(Napi::Env env, const trt::LibraryStatus& status);

}  // namespace binding
}  // namespace trtmap
