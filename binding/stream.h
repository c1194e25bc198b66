// Stream: a CUDA stream, and the asynchronous operations issued on it
// (copies between host and device buffers, synchronize). Each returns a
// promise that settles when the GPU work is done.
#pragma once

#include <napi.h>

#include <memory>

#include "binding/disposable.h"
#include "cuda/stream.h"

namespace trtmap {
namespace binding {

class StreamWrap : public Napi::ObjectWrap<StreamWrap>, public Disposable {
 public:
  static Napi::Function defineClass(Napi::Env env);
  explicit StreamWrap(const Napi::CallbackInfo& info);

  const std::shared_ptr<cuda::Stream>& streamForWork(Napi::Env env) const;

 private:
  void releaseResources(Napi::Env env) override;

  Napi::Value JS_synchronize(const Napi::CallbackInfo& info);
  Napi::Value JS_copy(const Napi::CallbackInfo& info);
  Napi::Value JS_disposed(const Napi::CallbackInfo& info);
  Napi::Value JS_dispose(const Napi::CallbackInfo& info);

  std::shared_ptr<cuda::Stream> stream_;
};

}  // namespace binding
}  // namespace trtmap
