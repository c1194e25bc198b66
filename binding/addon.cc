// The addon's registry: what it exports, nothing else. lib/native/types.ts
// declares the same surface for TypeScript.
#include <napi.h>

#include "binding/addon_data.h"
#include "binding/decode.h"
#include "binding/device_buffer.h"
#include "binding/errors.h"
#include "binding/event.h"
#include "binding/host_buffer.h"
#include "binding/info.h"
#include "binding/preprocess.h"
#include "binding/stream.h"

namespace trtmap {
namespace binding {

namespace {

void markEnvironmentDead(EnvLifetime* lifetime) { lifetime->alive.store(false); }

template <typename Wrap>
void exportClass(Napi::Env env, Napi::Object exports, const char* name,
                 Napi::FunctionReference& slot) {
  Napi::Function constructor = Wrap::defineClass(env);
  slot = Napi::Persistent(constructor);
  exports.Set(name, constructor);
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  env.SetInstanceData(data);
  // Runs before Node-API finalizes what is left; see EnvLifetime.
  env.AddCleanupHook(markEnvironmentDead, data->lifetime.get());

  exportClass<HostBufferWrap>(env, exports, "HostBuffer", data->hostBufferClass);
  exportClass<DeviceBufferWrap>(env, exports, "DeviceBuffer", data->deviceBufferClass);
  exportClass<StreamWrap>(env, exports, "Stream", data->streamClass);
  exportClass<EventWrap>(env, exports, "Event", data->eventClass);

  exports.Set("setErrorFactory", Napi::Function::New<JS_setErrorFactory>(env, "setErrorFactory"));
  exports.Set("buildInfo", Napi::Function::New<JS_buildInfo>(env, "buildInfo"));
  exports.Set("queryCuda", Napi::Function::New<JS_queryCuda>(env, "queryCuda"));
  exports.Set("deviceMemoryInfo", Napi::Function::New<JS_deviceMemoryInfo>(env, "deviceMemoryInfo"));
  exports.Set("decodeImage", Napi::Function::New<JS_decodeImage>(env, "decodeImage"));
  exports.Set("preprocessCpu", Napi::Function::New<JS_preprocessCpu>(env, "preprocessCpu"));
  exports.Set("preprocessCuda", Napi::Function::New<JS_preprocessCuda>(env, "preprocessCuda"));
  return exports;
}

}  // namespace

}  // namespace binding
}  // namespace trtmap

static Napi::Object initTrtmap(Napi::Env env, Napi::Object exports) {
  return trtmap::binding::init(env, exports);
}

NODE_API_MODULE(trtmap, initTrtmap)
