#include "binding/errors.h"

#include "binding/addon_data.h"

namespace trtmap {
namespace binding {

Napi::Value makeError(Napi::Env env, const ErrorInfo& info) {
  AddonData& data = addonData(env);
  if (!data.errorFactory.IsEmpty()) {
    try {
      Napi::Value file = info.file.empty() ? env.Undefined() : Napi::String::New(env, info.file);
      return data.errorFactory.Call(
          {Napi::String::New(env, info.code), Napi::String::New(env, info.message), file});
    } catch (const Napi::Error&) {
      // Fall through to a plain error rather than lose the original one.
    }
  }
  Napi::Error error = Napi::Error::New(env, info.message);
  error.Set("code", Napi::String::New(env, info.code));
  if (!info.file.empty()) error.Set("file", Napi::String::New(env, info.file));
  return error.Value();
}

void throwError(Napi::Env env, const std::string& code, const std::string& message) {
  throw Napi::Error(env, makeError(env, {code, message, ""}));
}

void throwDisposed(Napi::Env env, const char* what) {
  throwError(env, "ERR_DISPOSED", std::string(what) + " has been disposed");
}

Napi::Value rejectedPromise(Napi::Env env, const ErrorInfo& info) {
  auto deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(makeError(env, info));
  return deferred.Promise();
}

Napi::Value JS_setErrorFactory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) throwError(env, "ERR_INVALID_ARGUMENT", "expected a function");
  addonData(env).errorFactory = Napi::Persistent(info[0].As<Napi::Function>());
  return env.Undefined();
}

}  // namespace binding
}  // namespace trtmap
