// TrtEngine: a deserialized TensorRT engine, made by loadEngine(); creates
// execution contexts, which keep the native engine alive after dispose().
#pragma once

#include <napi.h>

#include <memory>

#include "binding/disposable.h"
#include "trt/engine.h"

namespace trtmap {
namespace binding {

class TrtEngineWrap : public Napi::ObjectWrap<TrtEngineWrap>, public Disposable {
 public:
  static Napi::Function defineClass(Napi::Env env);
  static Napi::Object wrap(Napi::Env env, std::shared_ptr<trt::Engine> engine);
  explicit TrtEngineWrap(const Napi::CallbackInfo& info);

 private:
  void releaseResources(Napi::Env env) override;
  const std::shared_ptr<trt::Engine>& engineForWork(Napi::Env env) const;

  Napi::Value JS_description(const Napi::CallbackInfo& info);
  Napi::Value JS_layerInformation(const Napi::CallbackInfo& info);
  Napi::Value JS_createContext(const Napi::CallbackInfo& info);
  Napi::Value JS_disposed(const Napi::CallbackInfo& info);
  Napi::Value JS_dispose(const Napi::CallbackInfo& info);

  std::shared_ptr<trt::Engine> engine_;
};

// loadEngine(source: string | Uint8Array, options: { plugins: string[],
// dlaCore: number, versionCompatible: boolean }): Promise<{ engine, log }>
Napi::Value JS_loadEngine(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
