#include "binding/trt_run_request.h"

#include <string>

#include "binding/buffer_endpoint.h"
#include "binding/errors.h"
#include "binding/trt_values.h"

namespace trtmap {
namespace binding {

namespace {

trt::TensorBinding resolveTensor(const Napi::Value& value, bool input, HeldObjects& held,
                                 std::vector<std::shared_ptr<void>>& keepAlive) {
  const char* what = input ? "request.inputs[]" : "request.outputs[]";
  Napi::Object object = requireObject(value, what);
  trt::TensorBinding binding;
  binding.name = stringField(object, "name", what);
  if (input) binding.shape = shapeField(object, "shape", what);
  double offset = numberField(object, "byteOffset", what);
  BufferEndpoint endpoint = resolveEndpoint(object.Get("buffer"), binding.name.c_str(), held);
  checkRange(object.Env(), endpoint, offset, 0, binding.name.c_str());
  std::size_t start = std::size_t(offset);
  binding.hostPointer = endpoint.hostPointer != nullptr ? endpoint.hostPointer + start : nullptr;
  binding.devicePointer =
      endpoint.devicePointer != nullptr ? static_cast<std::uint8_t*>(endpoint.devicePointer) + start : nullptr;
  binding.bytes = endpoint.size - start;
  binding.mapped = endpoint.mapped;
  keepAlive.push_back(endpoint.keepAlive);
  return binding;
}

trt::Transfer transferValue(Napi::Env env, const std::string& text) {
  if (text == "auto") return trt::Transfer::Auto;
  if (text == "copy") return trt::Transfer::Copy;
  if (text == "direct") return trt::Transfer::Direct;
  throwError(env, "ERR_INVALID_ARGUMENT", "Expected 'auto', 'copy' or 'direct' for request.transfer");
}

const char* transferName(trt::Transfer transfer) {
  switch (transfer) {
    case trt::Transfer::Copy: return "copy";
    case trt::Transfer::Direct: return "direct";
    default: return "auto";
  }
}

Napi::Array describeBindings(Napi::Env env, const std::vector<trt::TensorBinding>& bindings, bool input) {
  Napi::Array array = Napi::Array::New(env, bindings.size());
  for (std::size_t index = 0; index < bindings.size(); ++index) {
    const trt::TensorBinding& binding = bindings[index];
    Napi::Object object = Napi::Object::New(env);
    object.Set("name", binding.name);
    if (input) object.Set("shape", shapeToJs(env, binding.shape));
    object.Set("byteLength", double(binding.bytes));
    object.Set("memory", binding.hostPointer != nullptr ? "host" : "device");
    object.Set("mapped", binding.mapped);
    array.Set(std::uint32_t(index), object);
  }
  return array;
}

}  // namespace

ResolvedRunRequest resolveRunRequest(const Napi::Value& value, HeldObjects& held) {
  Napi::Env env = value.Env();
  Napi::Object object = requireObject(value, "request");
  ResolvedRunRequest resolved;
  Napi::Array inputs = arrayField(object, "inputs", "request");
  for (std::uint32_t index = 0; index < inputs.Length(); ++index) {
    resolved.request.inputs.push_back(resolveTensor(inputs.Get(index), true, held, resolved.keepAlive));
  }
  Napi::Array outputs = arrayField(object, "outputs", "request");
  for (std::uint32_t index = 0; index < outputs.Length(); ++index) {
    resolved.request.outputs.push_back(resolveTensor(outputs.Get(index), false, held, resolved.keepAlive));
  }
  resolved.request.transfer = transferValue(env, stringField(object, "transfer", "request"));
  resolved.request.timings = booleanField(object, "timings", "request");
  resolved.request.cudaGraph = booleanField(object, "cudaGraph", "request");
  return resolved;
}

Napi::Value JS_inspectRunRequest(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  HeldObjects held;
  try {
    ResolvedRunRequest resolved = resolveRunRequest(info[0], held);
    held.releaseAll(env);
    Napi::Object result = Napi::Object::New(env);
    result.Set("inputs", describeBindings(env, resolved.request.inputs, true));
    result.Set("outputs", describeBindings(env, resolved.request.outputs, false));
    result.Set("transfer", transferName(resolved.request.transfer));
    result.Set("timings", resolved.request.timings);
    result.Set("cudaGraph", resolved.request.cudaGraph);
    return result;
  } catch (...) {
    held.releaseAll(env);
    throw;
  }
}

}  // namespace binding
}  // namespace trtmap
