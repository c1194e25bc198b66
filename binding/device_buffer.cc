#include "binding/device_buffer.h"

#include <cstdint>

#include "binding/errors.h"
#include "binding/type_tags.h"

namespace trtmap {
namespace binding {

Napi::Function DeviceBufferWrap::defineClass(Napi::Env env) {
  return DefineClass(env, "DeviceBuffer",
                     {InstanceAccessor<&DeviceBufferWrap::JS_byteLength>("byteLength"),
                      InstanceAccessor<&DeviceBufferWrap::JS_disposed>("disposed"),
                      InstanceMethod<&DeviceBufferWrap::JS_dispose>("dispose")});
}

// new DeviceBuffer(byteLength): allocates now, on the calling thread.
DeviceBufferWrap::DeviceBufferWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<DeviceBufferWrap>(info) {
  Napi::Env env = info.Env();
  info.This().As<Napi::Object>().TypeTag(&kDeviceBufferTag);
  double byteLength = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
  if (!(byteLength >= 0 && byteLength <= 9007199254740991.0) ||
      byteLength != double(std::uint64_t(byteLength))) {
    throwError(env, "ERR_INVALID_ARGUMENT", "Expected a byte length (integer >= 0)");
  }
  try {
    memory_ = cuda::DeviceMemory::allocate(std::size_t(byteLength));
  } catch (...) {
    throw Napi::Error(env, makeError(env, captureCurrentException()));
  }
}

const std::shared_ptr<cuda::DeviceMemory>& DeviceBufferWrap::memoryForWork(Napi::Env env) const {
  if (disposed()) throwDisposed(env, "DeviceBuffer");
  return memory_;
}

void DeviceBufferWrap::releaseResources(Napi::Env) {
  if (memory_) memory_->release();
}

Napi::Value DeviceBufferWrap::JS_byteLength(const Napi::CallbackInfo& info) {
  if (disposed()) throwDisposed(info.Env(), "DeviceBuffer");
  return Napi::Number::New(info.Env(), double(memory_->size()));
}

Napi::Value DeviceBufferWrap::JS_disposed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), disposed());
}

Napi::Value DeviceBufferWrap::JS_dispose(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return dispose(info.Env()); });
}

}  // namespace binding
}  // namespace trtmap
