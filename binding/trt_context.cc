#include "binding/trt_context.h"

#include "binding/addon_data.h"
#include "binding/errors.h"
#include "binding/held_objects.h"
#include "binding/promise_worker.h"
#include "binding/trt_log.h"
#include "binding/trt_run_request.h"
#include "binding/trt_values.h"
#include "binding/type_tags.h"

namespace trtmap {
namespace binding {

namespace {

class RunWorker : public PromiseWorker {
 public:
  RunWorker(Napi::Env env, std::shared_ptr<trt::ExecutionContext> context)
      : PromiseWorker(env, "trtmap.TrtContext.run"), context_(std::move(context)) {}

  HeldObjects held;
  ResolvedRunRequest resolved;

 protected:
  void run() override { result_ = context_->run(resolved.request); }

  Napi::Value result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    Napi::Array outputs = Napi::Array::New(env, result_.outputNames.size());
    for (std::size_t index = 0; index < result_.outputNames.size(); ++index) {
      Napi::Object output = Napi::Object::New(env);
      output.Set("name", result_.outputNames[index]);
      output.Set("shape", shapeToJs(env, result_.outputShapes[index]));
      outputs.Set(std::uint32_t(index), output);
    }
    result.Set("outputs", outputs);
    Napi::Object transfer = Napi::Object::New(env);
    transfer.Set("used", result_.transfer.used);
    transfer.Set("reason", result_.transfer.reason);
    result.Set("transfer", transfer);
    result.Set("log", logToJs(env, result_.log));
    if (resolved.request.timings) {
      Napi::Object timings = Napi::Object::New(env);
      timings.Set("hostToDeviceMs", result_.timings.hostToDeviceMs);
      timings.Set("computeMs", result_.timings.computeMs);
      timings.Set("deviceToHostMs", result_.timings.deviceToHostMs);
      timings.Set("graphReplayed", result_.timings.graphReplayed);
      result.Set("timings", timings);
    } else {
      result.Set("timings", env.Null());
    }
    return result;
  }

  void release(Napi::Env env) override { held.releaseAll(env); }

 private:
  std::shared_ptr<trt::ExecutionContext> context_;
  trt::RunResult result_;
};

}  // namespace

Napi::Function TrtContextWrap::defineClass(Napi::Env env) {
  return DefineClass(env, "TrtContext",
                     {InstanceMethod<&TrtContextWrap::JS_run>("run"),
                      InstanceAccessor<&TrtContextWrap::JS_disposed>("disposed"),
                      InstanceMethod<&TrtContextWrap::JS_dispose>("dispose")});
}

Napi::Object TrtContextWrap::wrap(Napi::Env env, std::shared_ptr<trt::ExecutionContext> context) {
  auto external = Napi::External<std::shared_ptr<trt::ExecutionContext>>::New(env, &context);
  return addonData(env).trtContextClass.New({external});
}

TrtContextWrap::TrtContextWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TrtContextWrap>(info) {
  info.This().As<Napi::Object>().TypeTag(&kTrtContextTag);
  if (!info[0].IsExternal()) {
    throwError(info.Env(), "ERR_INVALID_ARGUMENT", "TrtContext objects come from TrtEngine.createContext()");
  }
  context_ = *info[0].As<Napi::External<std::shared_ptr<trt::ExecutionContext>>>().Data();
}

// Runs in flight hold their own reference to the native context.
void TrtContextWrap::releaseResources(Napi::Env) { context_.reset(); }

// run(request): see trt_run_request.h for the request's fields.
Napi::Value TrtContextWrap::JS_run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    if (disposed()) throwDisposed(env, "ExecutionContext");
    std::unique_ptr<RunWorker> worker(new RunWorker(env, context_));
    worker->held.hold(info.This().As<Napi::Object>(), this);
    try {
      worker->resolved = resolveRunRequest(info[0], worker->held);
    } catch (...) {
      worker->held.releaseAll(env);
      throw;
    }
    return worker.release()->start();
  });
}

Napi::Value TrtContextWrap::JS_disposed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), disposed());
}

Napi::Value TrtContextWrap::JS_dispose(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return dispose(info.Env()); });
}

}  // namespace binding
}  // namespace trtmap
