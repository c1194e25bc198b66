// Turning C++ failures into TrtmapError objects (through the factory that
// lib/native registers, or a plain Error with `code` before it has).
#pragma once

#include <napi.h>

#include <string>

#include "core/error_info.h"

namespace trtmap {
namespace binding {

Napi::Value makeError(Napi::Env env, const ErrorInfo& info);

// Throws a JavaScript TrtmapError as a C++ Napi::Error.
[[noreturn]] void throwError(Napi::Env env, const std::string& code, const std::string& message);

[[noreturn]] void throwDisposed(Napi::Env env, const char* what);

// For promise-returning methods: they reject, never throw.
Napi::Value rejectedPromise(Napi::Env env, const ErrorInfo& info);

// Runs `body`; any exception becomes a rejected promise.
template <typename Body>
Napi::Value promiseOrRejection(Napi::Env env, Body body) {
  try {
    return body();
  } catch (const Napi::Error& error) {
    auto deferred = Napi::Promise::Deferred::New(env);
    deferred.Reject(error.Value());
    return deferred.Promise();
  } catch (...) {
    return rejectedPromise(env, captureCurrentException());
  }
}

Napi::Value JS_setErrorFactory(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
