#include "binding/trt_values.h"

#include <cmath>

#include "binding/errors.h"

namespace trtmap {
namespace binding {

namespace {

[[noreturn]] void expected(Napi::Env env, const char* type, const std::string& what) {
  throwError(env, "ERR_INVALID_ARGUMENT", std::string("Expected ") + type + " for " + what);
}

std::string path(const char* what, const char* key) { return std::string(what) + "." + key; }

}  // namespace

Napi::Object requireObject(const Napi::Value& value, const char* what) {
  if (!value.IsObject()) expected(value.Env(), "an object", what);
  return value.As<Napi::Object>();
}

std::string stringField(const Napi::Object& object, const char* key, const char* what) {
  Napi::Value value = object.Get(key);
  if (!value.IsString()) expected(object.Env(), "a string", path(what, key));
  return value.As<Napi::String>().Utf8Value();
}

double numberField(const Napi::Object& object, const char* key, const char* what) {
  Napi::Value value = object.Get(key);
  if (!value.IsNumber()) expected(object.Env(), "a number", path(what, key));
  return value.As<Napi::Number>().DoubleValue();
}

bool booleanField(const Napi::Object& object, const char* key, const char* what) {
  Napi::Value value = object.Get(key);
  if (!value.IsBoolean()) expected(object.Env(), "a boolean", path(what, key));
  return value.As<Napi::Boolean>().Value();
}

Napi::Object objectField(const Napi::Object& object, const char* key, const char* what) {
  Napi::Value value = object.Get(key);
  if (!value.IsObject()) expected(object.Env(), "an object", path(what, key));
  return value.As<Napi::Object>();
}

Napi::Array arrayField(const Napi::Object& object, const char* key, const char* what) {
  Napi::Value value = object.Get(key);
  if (!value.IsArray()) expected(object.Env(), "an array", path(what, key));
  return value.As<Napi::Array>();
}

std::vector<std::string> stringListField(const Napi::Object& object, const char* key, const char* what) {
  Napi::Array array = arrayField(object, key, what);
  std::vector<std::string> strings;
  for (std::uint32_t index = 0; index < array.Length(); ++index) {
    Napi::Value item = array.Get(index);
    if (!item.IsString()) expected(object.Env(), "strings", path(what, key));
    strings.push_back(item.As<Napi::String>().Utf8Value());
  }
  return strings;
}

std::vector<std::int64_t> shapeValue(const Napi::Value& value, const std::string& what) {
  if (!value.IsArray()) expected(value.Env(), "an array of dimensions", what);
  Napi::Array array = value.As<Napi::Array>();
  if (array.Length() > 8) expected(value.Env(), "at most 8 dimensions", what);
  std::vector<std::int64_t> shape;
  for (std::uint32_t index = 0; index < array.Length(); ++index) {
    Napi::Value item = array.Get(index);
    double extent = item.IsNumber() ? item.As<Napi::Number>().DoubleValue() : -2;
    if (!(extent >= -1 && extent <= 2147483647.0) || extent != std::floor(extent)) {
      expected(value.Env(), "integer dimensions >= -1", what);
    }
    shape.push_back(std::int64_t(extent));
  }
  return shape;
}

std::vector<std::int64_t> shapeField(const Napi::Object& object, const char* key, const char* what) {
  return shapeValue(object.Get(key), path(what, key));
}

Napi::Array shapeToJs(Napi::Env env, const std::vector<std::int64_t>& shape) {
  Napi::Array array = Napi::Array::New(env, shape.size());
  for (std::size_t axis = 0; axis < shape.size(); ++axis) array.Set(std::uint32_t(axis), double(shape[axis]));
  return array;
}

Napi::Object describeEngine(Napi::Env env, const trt::EngineDescription& description) {
  Napi::Object result = Napi::Object::New(env);
  Napi::Array tensors = Napi::Array::New(env, description.tensors.size());
  for (std::size_t index = 0; index < description.tensors.size(); ++index) {
    const trt::TensorDescription& tensor = description.tensors[index];
    Napi::Object object = Napi::Object::New(env);
    object.Set("name", tensor.name);
    object.Set("mode", tensor.isInput ? "input" : "output");
    object.Set("dtype", tensor.dtype);
    object.Set("format", tensor.format);
    if (tensor.vectorizedDim >= 0 && tensor.componentsPerElement > 1) {
      Napi::Object vectorized = Napi::Object::New(env);
      vectorized.Set("dimension", tensor.vectorizedDim);
      vectorized.Set("components", tensor.componentsPerElement);
      object.Set("vectorized", vectorized);
    } else {
      object.Set("vectorized", env.Null());
    }
    object.Set("location", tensor.onHost || tensor.hostValues ? "host" : "device");
    object.Set("shape", shapeToJs(env, tensor.shape));
    if (tensor.profileMin.empty()) {
      object.Set("profile", env.Null());
    } else {
      Napi::Object profile = Napi::Object::New(env);
      profile.Set("min", shapeToJs(env, tensor.profileMin));
      profile.Set("opt", shapeToJs(env, tensor.profileOpt));
      profile.Set("max", shapeToJs(env, tensor.profileMax));
      object.Set("profile", profile);
    }
    tensors.Set(std::uint32_t(index), object);
  }
  result.Set("tensors", tensors);
  result.Set("deviceMemorySize", double(description.deviceMemorySize));
  result.Set("optimizationProfiles", description.optimizationProfiles);
  result.Set("layers", description.layers);
  result.Set("implicitBatch", description.implicitBatch);
  result.Set("maxBatchSize", description.maxBatchSize);
  result.Set("tensorrtVersion", description.tensorRtVersion);
  return result;
}

Napi::Object statusToJs(Napi::Env env, const trt::LibraryStatus& status) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("compiled", status.compiled);
  result.Set("compiledVersion", status.compiled ? Napi::Value(Napi::String::New(env, status.compiledVersion))
                                                : env.Null());
  result.Set("loaded", status.loaded);
  result.Set("loadedVersion", status.loaded ? Napi::Value(Napi::String::New(env, status.loadedVersion))
                                            : env.Null());
  Napi::Array libraries = Napi::Array::New(env, status.libraries.size());
  for (std::size_t index = 0; index < status.libraries.size(); ++index) {
    libraries.Set(std::uint32_t(index), status.libraries[index]);
  }
  result.Set("libraries", libraries);
  result.Set("uffParser", status.uffParser);
  result.Set("builderResourceHint", status.builderResourceHint);
  result.Set("error", status.errorCode.empty()
                          ? env.Null()
                          : makeError(env, {status.errorCode, status.errorMessage, ""}));
  return result;
}

}  // namespace binding
}  // namespace trtmap
