// The addon's registry: what it exports, nothing else. lib/native/types.ts
// declares the same surface for TypeScript.
#include <napi.h>

#include "binding/addon_data.h"
#include "binding/decode.h"
#include "binding/device_buffer.h"
#include "binding/encode.h"
#include "binding/errors.h"
#include "binding/event.h"
#include "binding/host_buffer.h"
#include "binding/info.h"
#include "binding/preprocess.h"
#include "binding/stream.h"
#include "binding/trt_build.h"
#include "binding/trt_context.h"
#include "binding/trt_engine.h"
#include "binding/trt_run_request.h"
#include "binding/trt_status.h"

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
  // Made by loadEngine() / createContext(), not exported.
  data->trtEngineClass = Napi::Persistent(TrtEngineWrap::defineClass(env));
  data->trtContextClass = Napi::Persistent(TrtContextWrap::defineClass(env));

  exports.Set("setErrorFactory", Napi::Function::New<JS_setErrorFactory>(env, "setErrorFactory"));
  exports.Set("buildInfo", Napi::Function::New<JS_buildInfo>(env, "buildInfo"));
  exports.Set("queryCuda", Napi::Function::New<JS_queryCuda>(env, "queryCuda"));
  exports.Set("deviceMemoryInfo", Napi::Function::New<JS_deviceMemoryInfo>(env, "deviceMemoryInfo"));
  exports.Set("pinnedPoolStats", Napi::Function::New<JS_pinnedPoolStats>(env, "pinnedPoolStats"));
  exports.Set("decodeImage", Napi::Function::New<JS_decodeImage>(env, "decodeImage"));
  exports.Set("encodeImage", Napi::Function::New<JS_encodeImage>(env, "encodeImage"));
  exports.Set("preprocessCpu", Napi::Function::New<JS_preprocessCpu>(env, "preprocessCpu"));
  exports.Set("preprocessCuda", Napi::Function::New<JS_preprocessCuda>(env, "preprocessCuda"));
  exports.Set("tensorrtStatus", Napi::Function::New<JS_tensorrtStatus>(env, "tensorrtStatus"));
  exports.Set("buildEngine", Napi::Function::New<JS_buildEngine>(env, "buildEngine"));
  exports.Set("loadEngine", Napi::Function::New<JS_loadEngine>(env, "loadEngine"));
  exports.Set("inspectRunRequest", Napi::Function::New<JS_inspectRunRequest>(env, "inspectRunRequest"));
  return exports;
}

}  // namespace

}  // namespace binding
}  // namespace trtmap

static Napi::Object initTrtmap(Napi::Env env, Napi::Object exports) {
  return trtmap::binding::init(env, exports);
}

NODE_API_MODULE(trtmap, initTrtmap)
