#include "binding/disposable.h"

namespace trtmap {
namespace binding {

void Disposable::endWork(Napi::Env env) {
  if (pending_ > 0) --pending_;
  if (pending_ > 0 || !disposed_) return;
  releaseOnce(env);
  std::vector<Napi::Promise::Deferred> waiting;
  waiting.swap(waiting_);
  for (auto& deferred : waiting) deferred.Resolve(env.Undefined());
}

Napi::Value Disposable::dispose(Napi::Env env) {
  disposed_ = true;
  auto deferred = Napi::Promise::Deferred::New(env);
  if (pending_ == 0) {
    releaseOnce(env);
    deferred.Resolve(env.Undefined());
  } else {
    waiting_.push_back(deferred);
  }
  return deferred.Promise();
}

void Disposable::releaseIfIdle(Napi::Env env) {
  if (pending_ == 0) releaseOnce(env);
}

void Disposable::releaseOnce(Napi::Env env) {
  if (released_) return;
  released_ = true;
  releaseResources(env);
}

}  // namespace binding
}  // namespace trtmap
