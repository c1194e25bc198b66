// TrtContext: an execution context, made by TrtEngine.createContext();
// run(request) resolves when the outputs are in their buffers.
#pragma once

#include <napi.h>

#include <memory>

#include "binding/disposable.h"
#include "trt/execution_context.h"

namespace trtmap {
namespace binding {

class TrtContextWrap : public Napi::ObjectWrap<TrtContextWrap>, public Disposable {
 public:
  static Napi::Function defineClass(Napi::Env env);
  static Napi::Object wrap(Napi::Env env, std::shared_ptr<trt::ExecutionContext> context);
  explicit TrtContextWrap(const Napi::CallbackInfo& info);

 private:
  void releaseResources(Napi::Env env) override;

  Napi::Value JS_run(const Napi::CallbackInfo& info);
  Napi::Value JS_disposed(const Napi::CallbackInfo& info);
  Napi::Value JS_dispose(const Napi::CallbackInfo& info);

  std::shared_ptr<trt::ExecutionContext> context_;
};

}  // namespace binding
}  // namespace trtmap
