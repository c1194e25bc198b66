#include "binding/trt_engine.h"

#include <string>
#include <vector>

#include "binding/addon_data.h"
#include "binding/errors.h"
#include "binding/held_objects.h"
#include "binding/promise_worker.h"
#include "binding/trt_context.h"
#include "binding/trt_log.h"
#include "binding/trt_values.h"
#include "binding/type_tags.h"
#include "core/read_file.h"
#include "trt/execution_context.h"

namespace trtmap {
namespace binding {

namespace {

// A Uint8Array source is read in place: the worker keeps a reference to it,
// and the caller must not modify it until the promise settles.
class LoadEngineWorker : public PromiseWorker {
 public:
  explicit LoadEngineWorker(Napi::Env env) : PromiseWorker(env, "trtmap.loadEngine") {}

  std::string path;  // empty for bytes
  Napi::Reference<Napi::Uint8Array> input;
  const std::uint8_t* bytes = nullptr;
  std::size_t size = 0;
  trt::LoadOptions options;

 protected:
  void run() override {
    if (!path.empty()) {
      std::vector<std::uint8_t> file = readFile(path);
      engine_ = trt::Engine::deserialize(file.data(), file.size(), options, &log_);
    } else {
      engine_ = trt::Engine::deserialize(bytes, size, options, &log_);
    }
  }
  Napi::Value result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("engine", TrtEngineWrap::wrap(env, engine_));
    result.Set("log", logToJs(env, log_.drain()));
    return result;
  }
  void release(Napi::Env) override { input.Reset(); }

 private:
  trt::LogQueue log_;
  std::shared_ptr<trt::Engine> engine_;
};

class LayerInformationWorker : public PromiseWorker {
 public:
  LayerInformationWorker(Napi::Env env, std::shared_ptr<trt::Engine> engine)
      : PromiseWorker(env, "trtmap.TrtEngine.layerInformation"), engine_(std::move(engine)) {}
  HeldObjects held;

 protected:
  void run() override { text_ = engine_->layerInformation(); }
  Napi::Value result(Napi::Env env) override { return Napi::String::New(env, text_); }
  void release(Napi::Env env) override { held.releaseAll(env); }

 private:
  std::shared_ptr<trt::Engine> engine_;
  std::string text_;
};

// Creating a context allocates its device memory: off the main thread.
class CreateContextWorker : public PromiseWorker {
 public:
  CreateContextWorker(Napi::Env env, std::shared_ptr<trt::Engine> engine)
      : PromiseWorker(env, "trtmap.TrtEngine.createContext"), engine_(std::move(engine)) {}
  HeldObjects held;

 protected:
  void run() override { context_ = trt::ExecutionContext::create(engine_, &log_); }
  Napi::Value result(Napi::Env env) override { return TrtContextWrap::wrap(env, context_); }
  void release(Napi::Env env) override { held.releaseAll(env); }

 private:
  std::shared_ptr<trt::Engine> engine_;
  std::shared_ptr<trt::ExecutionContext> context_;
  trt::LogQueue log_;
};

}  // namespace

Napi::Function TrtEngineWrap::defineClass(Napi::Env env) {
  return DefineClass(env, "TrtEngine",
                     {InstanceAccessor<&TrtEngineWrap::JS_description>("description"),
                      InstanceMethod<&TrtEngineWrap::JS_layerInformation>("layerInformation"),
                      InstanceMethod<&TrtEngineWrap::JS_createContext>("createContext"),
                      InstanceAccessor<&TrtEngineWrap::JS_disposed>("disposed"),
                      InstanceMethod<&TrtEngineWrap::JS_dispose>("dispose")});
}

Napi::Object TrtEngineWrap::wrap(Napi::Env env, std::shared_ptr<trt::Engine> engine) {
  auto external = Napi::External<std::shared_ptr<trt::Engine>>::New(env, &engine);
  return addonData(env).trtEngineClass.New({external});
}

TrtEngineWrap::TrtEngineWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TrtEngineWrap>(info) {
  info.This().As<Napi::Object>().TypeTag(&kTrtEngineTag);
  if (!info[0].IsExternal()) throwError(info.Env(), "ERR_INVALID_ARGUMENT", "TrtEngine objects come from loadEngine()");
  engine_ = *info[0].As<Napi::External<std::shared_ptr<trt::Engine>>>().Data();
}

const std::shared_ptr<trt::Engine>& TrtEngineWrap::engineForWork(Napi::Env env) const {
  if (disposed()) throwDisposed(env, "Engine");
  return engine_;
}

// Contexts hold their own reference: the engine lives until the last ends.
void TrtEngineWrap::releaseResources(Napi::Env) { engine_.reset(); }

Napi::Value TrtEngineWrap::JS_description(const Napi::CallbackInfo& info) {
  return describeEngine(info.Env(), engineForWork(info.Env())->description());
}

Napi::Value TrtEngineWrap::JS_layerInformation(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    auto* worker = new LayerInformationWorker(env, engineForWork(env));
    worker->held.hold(info.This().As<Napi::Object>(), this);
    return worker->start();
  });
}

Napi::Value TrtEngineWrap::JS_createContext(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    auto* worker = new CreateContextWorker(env, engineForWork(env));
    worker->held.hold(info.This().As<Napi::Object>(), this);
    return worker->start();
  });
}

Napi::Value TrtEngineWrap::JS_disposed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), disposed());
}

Napi::Value TrtEngineWrap::JS_dispose(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return dispose(info.Env()); });
}

Napi::Value JS_loadEngine(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    std::unique_ptr<LoadEngineWorker> worker(new LoadEngineWorker(env));
    if (info[0].IsString() && !info[0].As<Napi::String>().Utf8Value().empty()) {
      worker->path = info[0].As<Napi::String>().Utf8Value();
    } else if (info[0].IsTypedArray() && info[0].As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
      auto bytes = info[0].As<Napi::Uint8Array>();
      worker->bytes = bytes.Data();
      worker->size = bytes.ByteLength();
      worker->input = Napi::Persistent(bytes);
    } else {
      throwError(env, "ERR_INVALID_ARGUMENT", "Expected an engine file path or a Uint8Array for source");
    }
    Napi::Object options = requireObject(info[1], "options");
    worker->options.plugins = stringListField(options, "plugins", "options");
    worker->options.dlaCore = int(numberField(options, "dlaCore", "options"));
    worker->options.versionCompatible = booleanField(options, "versionCompatible", "options");
    return worker.release()->start();
  });
}

}  // namespace binding
}  // namespace trtmap
