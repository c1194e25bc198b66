// DeviceBuffer: a cudaMalloc allocation. Not reported to V8 as external
// memory (it is not host memory): dispose() device buffers explicitly.
#pragma once

#include <napi.h>

#include <memory>

#include "binding/disposable.h"
#include "cuda/device_memory.h"

namespace trtmap {
namespace binding {

class DeviceBufferWrap : public Napi::ObjectWrap<DeviceBufferWrap>, public Disposable {
 public:
  static Napi::Function defineClass(Napi::Env env);
  explicit DeviceBufferWrap(const Napi::CallbackInfo& info);

  const std::shared_ptr<cuda::DeviceMemory>& memoryForWork(Napi::Env env) const;

 private:
  void releaseResources(Napi::Env env) override;

  Napi::Value JS_byteLength(const Napi::CallbackInfo& info);
  Napi::Value JS_disposed(const Napi::CallbackInfo& info);
  Napi::Value JS_dispose(const Napi::CallbackInfo& info);

  std::shared_ptr<cuda::DeviceMemory> memory_;
};

}  // namespace binding
}  // namespace trtmap
