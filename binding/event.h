// Event: a CUDA event for timing work on a stream.
#pragma once

#include <napi.h>

#include <memory>

#include "binding/disposable.h"
#include "cuda/event.h"

namespace trtmap {
namespace binding {

class EventWrap : public Napi::ObjectWrap<EventWrap>, public Disposable {
 public:
  static Napi::Function defineClass(Napi::Env env);
  explicit EventWrap(const Napi::CallbackInfo& info);

 private:
  void releaseResources(Napi::Env env) override;
  const std::shared_ptr<cuda::Event>& eventForWork(Napi::Env env) const;

  Napi::Value JS_record(const Napi::CallbackInfo& info);
  Napi::Value JS_synchronize(const Napi::CallbackInfo& info);
  Napi::Value JS_elapsedSince(const Napi::CallbackInfo& info);
  Napi::Value JS_disposed(const Napi::CallbackInfo& info);
  Napi::Value JS_dispose(const Napi::CallbackInfo& info);

  std::shared_ptr<cuda::Event> event_;
};

}  // namespace binding
}  // namespace trtmap
