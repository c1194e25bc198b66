#include "binding/trt_build.h"

#include <memory>

#include "binding/errors.h"
#include "binding/promise_worker.h"
#include "binding/trt_build_events.h"
#include "binding/trt_values.h"
#include "trt/builder.h"

namespace trtmap {
namespace binding {

namespace {

const char* const kWhat = "options";

trt::Severity severityValue(Napi::Env env, const std::string& name) {
  for (int level = 0; level <= int(trt::Severity::Verbose); ++level) {
    if (name == trt::severityName(trt::Severity(level))) return trt::Severity(level);
  }
  throwError(env, "ERR_INVALID_ARGUMENT", "Expected a TensorRT log severity for options.logLevel");
}

void readBatch(const Napi::Object& object, trt::BuildOptions& options) {
  Napi::Value batch = object.Get("batch");
  if (batch.IsNull()) return;
  Napi::Object range = requireObject(batch, "options.batch");
  options.batchMin = std::int64_t(numberField(range, "min", "options.batch"));
  options.batchOpt = std::int64_t(numberField(range, "opt", "options.batch"));
  options.batchMax = std::int64_t(numberField(range, "max", "options.batch"));
}

trt::BuildOptions readOptions(const Napi::Value& value, trt::Severity& logLevel) {
  Napi::Object object = requireObject(value, kWhat);
  trt::BuildOptions options;
  options.modelPath = stringField(object, "modelPath", kWhat);
  options.modelFormat = stringField(object, "modelFormat", kWhat);
  options.outputPath = stringField(object, "outputPath", kWhat);
  options.uffInput = stringField(object, "uffInput", kWhat);
  options.uffInputDims = shapeField(object, "uffInputDims", kWhat);
  options.uffInputOrder = stringField(object, "uffInputOrder", kWhat);
  options.uffOutputs = stringListField(object, "uffOutputs", kWhat);
  options.maxBatchSize = int(numberField(object, "maxBatchSize", kWhat));
  options.precision = stringField(object, "precision", kWhat);
  options.stronglyTyped = booleanField(object, "stronglyTyped", kWhat);
  options.allowTf32 = booleanField(object, "allowTf32", kWhat);
  options.versionCompatible = booleanField(object, "versionCompatible", kWhat);
  options.contexts = int(numberField(object, "contexts", kWhat));
  options.plugins = stringListField(object, "plugins", kWhat);
  options.workspaceBytes = std::int64_t(numberField(object, "workspaceBytes", kWhat));
  options.timingCachePath = stringField(object, "timingCachePath", kWhat);
  options.dlaCore = int(numberField(object, "dlaCore", kWhat));
  options.gpuFallback = booleanField(object, "gpuFallback", kWhat);
  Napi::Array profiles = arrayField(object, "profiles", kWhat);
  for (std::uint32_t index = 0; index < profiles.Length(); ++index) {
    Napi::Object profile = requireObject(profiles.Get(index), "options.profiles[]");
    options.profiles.push_back({stringField(profile, "input", "options.profiles[]"),
                                shapeField(profile, "min", "options.profiles[]"),
                                shapeField(profile, "opt", "options.profiles[]"),
                                shapeField(profile, "max", "options.profiles[]")});
  }
  readBatch(object, options);
  options.calibrationData = booleanField(object, "calibration", kWhat);
  options.calibrationCachePath = stringField(object, "calibrationCachePath", kWhat);
  logLevel = severityValue(object.Env(), stringField(object, "logLevel", kWhat));
  return options;
}

class BuildWorker : public PromiseWorker {
 public:
  BuildWorker(Napi::Env env, trt::BuildOptions options, std::shared_ptr<BuildEvents> events)
      : PromiseWorker(env, "trtmap.buildEngine"), options_(std::move(options)), events_(std::move(events)) {}

 protected:
  void run() override {
    result_ = trt::buildEngine(options_, events_.get(), events_.get(), events_->feed());
  }
  Napi::Value result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("outputPath", options_.outputPath);
    result.Set("engineBytes", double(result_.engineBytes));
    result.Set("calibrationBatches", result_.calibrationBatches);
    result.Set("tensorrtVersion", result_.tensorRtVersion);
    result.Set("workspaceBytes", double(result_.workspaceBytes));
    result.Set("stronglyTyped", result_.stronglyTyped);
    result.Set("tf32", result_.tf32);
    result.Set("fastFp16", result_.fastFp16);
    result.Set("fastInt8", result_.fastInt8);
    result.Set("optimizationProfiles", result_.optimizationProfiles);
    result.Set("layerInformation", result_.layerInformation);
    Napi::Array warnings = Napi::Array::New(env, result_.warnings.size());
    for (std::size_t index = 0; index < result_.warnings.size(); ++index) {
      warnings.Set(std::uint32_t(index), result_.warnings[index]);
    }
    result.Set("warnings", warnings);
    return result;
  }
  // Every event is delivered before the promise settles.
  void beforeSettle(Napi::Env env) override { events_->finish(env); }

 private:
  trt::BuildOptions options_;
  std::shared_ptr<BuildEvents> events_;
  trt::BuildResult result_;
};

}  // namespace

Napi::Value JS_buildEngine(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    trt::Severity logLevel = trt::Severity::Warning;
    trt::BuildOptions options = readOptions(info[0], logLevel);
    if (!info[1].IsFunction()) throwError(env, "ERR_INVALID_ARGUMENT", "Expected a function for onEvent");
    auto events = std::make_shared<BuildEvents>(env, info[1].As<Napi::Function>(), logLevel,
                                                options.calibrationData);
    return (new BuildWorker(env, std::move(options), std::move(events)))->start();
  });
}

}  // namespace binding
}  // namespace trtmap
