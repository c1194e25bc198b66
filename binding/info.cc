#include "binding/info.h"

#include "binding/errors.h"
#include "binding/promise_worker.h"
#include "build_config.h"
#include "cuda/device_info.h"
#include "cuda/pinned_pool.h"
#include "image/decode.h"

#if TRTMAP_HAS_TENSORRT_HEADERS
#include <NvInferVersion.h>
#endif

namespace trtmap {
namespace binding {

namespace {

Napi::Value tensorRtHeaders(Napi::Env env) {
  Napi::Object headers = Napi::Object::New(env);
#if TRTMAP_HAS_TENSORRT_HEADERS
  headers.Set("found", true);
  headers.Set("version", std::to_string(NV_TENSORRT_MAJOR) + "." + std::to_string(NV_TENSORRT_MINOR) +
                             "." + std::to_string(NV_TENSORRT_PATCH));
#else
  headers.Set("found", false);
#endif
  return headers;
}

Napi::Object describeDevice(Napi::Env env, const cuda::DeviceInfo& device) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("index", device.index);
  object.Set("name", device.name);
  object.Set("computeCapability",
             std::to_string(device.computeMajor) + "." + std::to_string(device.computeMinor));
  object.Set("totalMemory", double(device.totalMemory));
  object.Set("multiprocessors", device.multiprocessors);
  object.Set("integrated", device.integrated);
  object.Set("canMapHostMemory", device.canMapHostMemory);
  return object;
}

class QueryCudaWorker : public PromiseWorker {
 public:
  explicit QueryCudaWorker(Napi::Env env) : PromiseWorker(env, "trtmap.queryCuda") {}

 protected:
  void run() override { info_ = cuda::queryCuda(); }
  Napi::Value result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("compiledWithCuda", info_.compiledWithCuda);
    result.Set("driverVersion", info_.driverVersion);
    result.Set("runtimeVersion", info_.runtimeVersion);
    Napi::Array devices = Napi::Array::New(env, info_.devices.size());
    for (std::size_t index = 0; index < info_.devices.size(); ++index) {
      devices.Set(uint32_t(index), describeDevice(env, info_.devices[index]));
    }
    result.Set("devices", devices);
    if (info_.errorCode.empty()) {
      result.Set("error", env.Null());
    } else {
      result.Set("error", makeError(env, {info_.errorCode, info_.errorMessage, ""}));
    }
    return result;
  }

 private:
  cuda::CudaInfo info_;
};

class MemoryInfoWorker : public PromiseWorker {
 public:
  explicit MemoryInfoWorker(Napi::Env env) : PromiseWorker(env, "trtmap.deviceMemoryInfo") {}

 protected:
  void run() override { info_ = cuda::deviceMemoryInfo(); }
  Napi::Value result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("free", double(info_.freeBytes));
    result.Set("total", double(info_.totalBytes));
    return result;
  }

 private:
  cuda::MemoryInfo info_;
};

}  // namespace

Napi::Value JS_buildInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("napiVersion", NAPI_VERSION);
  Napi::Object cudaInfo = Napi::Object::New(env);
  cudaInfo.Set("compiled", TRTMAP_HAS_CUDA != 0);
  cudaInfo.Set("version", TRTMAP_CUDA_VERSION_TEXT);
  cudaInfo.Set("architectures", TRTMAP_CUDA_ARCHITECTURES_TEXT);
  result.Set("cuda", cudaInfo);
  result.Set("tensorrtHeaders", tensorRtHeaders(env));
  result.Set("jpeg", image::jpegLibraryVersion());
  result.Set("png", image::pngLibraryVersion());
  result.Set("compiler", TRTMAP_COMPILER_TEXT);
  result.Set("buildType", TRTMAP_BUILD_TYPE_TEXT);
  return result;
}

Napi::Value JS_queryCuda(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return (new QueryCudaWorker(info.Env()))->start(); });
}

Napi::Value JS_deviceMemoryInfo(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return (new MemoryInfoWorker(info.Env()))->start(); });
}

// Synchronous: a mutex and four numbers.
Napi::Value JS_pinnedPoolStats(const Napi::CallbackInfo& info) {
  cuda::PinnedPoolStats stats = cuda::pinnedPoolStats();
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("cachedBytes", double(stats.cachedBytes));
  result.Set("budgetBytes", double(stats.budgetBytes));
  result.Set("hits", double(stats.hits));
  result.Set("misses", double(stats.misses));
  return result;
}

}  // namespace binding
}  // namespace trtmap
