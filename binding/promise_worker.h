// Base of every asynchronous native call: the subclass constructor copies its
// JavaScript arguments into plain C++ members (the "baton") and Ref()s the
// wrappers it uses; run() works on a pool thread without touching Node-API;
// the promise settles on the main thread.
#pragma once

#include <napi.h>

#include "core/error_info.h"

namespace trtmap {
namespace binding {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  PromiseWorker(Napi::Env env, const char* name)
      : Napi::AsyncWorker(env, name), deferred_(Napi::Promise::Deferred::New(env)) {}

  // Queues the work and returns its promise.
  Napi::Promise start() {
    Queue();
    return deferred_.Promise();
  }

 protected:
  virtual void run() = 0;                             // pool thread; may throw
  virtual Napi::Value result(Napi::Env env) = 0;      // main thread, on success
  virtual void release(Napi::Env /*env*/) {}          // main thread, always: Unref, endWork
  virtual void beforeSettle(Napi::Env /*env*/) {}     // main thread, always: last events

 private:
  void Execute() final {
    try {
      run();
    } catch (...) {
      failure_ = captureCurrentException();
      failed_ = true;
    }
  }

  void OnOK() final { settle(); }
  void OnError(const Napi::Error&) final { settle(); }

  void settle() {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    // The operation settles first, then its objects are let go: a dispose()
    // that waited for it resolves after it.
    try {
      beforeSettle(env);
    } catch (...) {
    }
    try {
      if (failed_) {
        deferred_.Reject(makeErrorValue(env));
      } else {
        deferred_.Resolve(result(env));
      }
    } catch (const Napi::Error& error) {
      rejectQuietly(error.Value());
    } catch (...) {
      // Teardown of the environment: nothing can be settled any more.
    }
    try {
      release(env);
    } catch (...) {
    }
  }

  Napi::Value makeErrorValue(Napi::Env env);
  void rejectQuietly(Napi::Value value) {
    try {
      deferred_.Reject(value);
    } catch (...) {
    }
  }

  Napi::Promise::Deferred deferred_;
  ErrorInfo failure_;
  bool failed_ = false;
};

}  // namespace binding
}  // namespace trtmap
