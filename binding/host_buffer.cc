#include "binding/host_buffer.h"

#include <cstdint>

#include "binding/addon_data.h"
#include "binding/errors.h"
#include "binding/type_tags.h"

namespace trtmap {
namespace binding {

// What the ArrayBuffer's finalizer owns. It may run after the environment's
// cleanup hook, so it only calls Node-API while `lifetime->alive`.
struct ExternalBacking {
  std::shared_ptr<cuda::HostMemory> memory;
  std::shared_ptr<EnvLifetime> lifetime;
  std::int64_t accountedBytes = 0;  // reported to V8, not yet given back

  void unaccount(Napi::Env env) {
    if (accountedBytes != 0 && lifetime->alive.load()) {
      Napi::MemoryManagement::AdjustExternalMemory(env, -accountedBytes);
    }
    accountedBytes = 0;
  }
};

namespace {

void finalizeArrayBuffer(Napi::Env env, void*, std::shared_ptr<ExternalBacking>* backing) {
  (*backing)->unaccount(env);
  delete backing;
}

const char* kindName(cuda::HostMemoryKind kind) {
  switch (kind) {
    case cuda::HostMemoryKind::Pinned:
      return "pinned";
    case cuda::HostMemoryKind::Mapped:
      return "mapped";
    default:
      return "pageable";
  }
}

}  // namespace

Napi::Function HostBufferWrap::defineClass(Napi::Env env) {
  return DefineClass(env, "HostBuffer",
                     {InstanceAccessor<&HostBufferWrap::JS_arrayBuffer>("arrayBuffer"),
                      InstanceAccessor<&HostBufferWrap::JS_byteLength>("byteLength"),
                      InstanceAccessor<&HostBufferWrap::JS_kind>("kind"),
                      InstanceAccessor<&HostBufferWrap::JS_fallbackReason>("fallbackReason"),
                      InstanceAccessor<&HostBufferWrap::JS_disposed>("disposed"),
                      InstanceMethod<&HostBufferWrap::JS_dispose>("dispose")});
}

Napi::Object HostBufferWrap::wrap(Napi::Env env, std::shared_ptr<cuda::HostMemory> memory) {
  auto external = Napi::External<std::shared_ptr<cuda::HostMemory>>::New(env, &memory);
  return addonData(env).hostBufferClass.New({external});
}

// new HostBuffer(byteLength, pinned, mapped), or (External) from wrap().
HostBufferWrap::HostBufferWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<HostBufferWrap>(info) {
  Napi::Env env = info.Env();
  info.This().As<Napi::Object>().TypeTag(&kHostBufferTag);
  if (info[0].IsExternal()) {
    attach(env, *info[0].As<Napi::External<std::shared_ptr<cuda::HostMemory>>>().Data());
    return;
  }
  double byteLength = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
  if (!(byteLength >= 0 && byteLength <= 9007199254740991.0) ||
      byteLength != double(std::uint64_t(byteLength))) {
    throwError(env, "ERR_INVALID_ARGUMENT", "Expected a byte length (integer >= 0)");
  }
  cuda::HostMemoryRequest request;
  request.pinned = info[1].ToBoolean();
  request.mapped = info[2].ToBoolean();
  try {
    attach(env, cuda::HostMemory::allocate(std::size_t(byteLength), request));
  } catch (...) {
    throw Napi::Error(env, makeError(env, captureCurrentException()));
  }
}

void HostBufferWrap::attach(Napi::Env env, std::shared_ptr<cuda::HostMemory> memory) {
  memory_ = std::move(memory);
  backing_ = std::make_shared<ExternalBacking>();
  backing_->memory = memory_;
  backing_->lifetime = addonData(env).lifetime;
  auto* hint = new std::shared_ptr<ExternalBacking>(backing_);
  Napi::ArrayBuffer buffer;
  try {
    buffer = Napi::ArrayBuffer::New(env, memory_->data(), memory_->size(), finalizeArrayBuffer, hint);
  } catch (...) {
    delete hint;
    throw;
  }
  arrayBuffer_ = Napi::Persistent(buffer);
  backing_->accountedBytes = static_cast<std::int64_t>(memory_->size());
  Napi::MemoryManagement::AdjustExternalMemory(env, backing_->accountedBytes);
}

const std::shared_ptr<cuda::HostMemory>& HostBufferWrap::memoryForWork(Napi::Env env) const {
  if (disposed()) throwDisposed(env, "HostBuffer");
  return memory_;
}

void HostBufferWrap::releaseResources(Napi::Env env) {
  if (!arrayBuffer_.IsEmpty()) {
    Napi::ArrayBuffer buffer = arrayBuffer_.Value();
    if (!buffer.IsEmpty() && !buffer.IsDetached()) buffer.Detach();
    arrayBuffer_.Reset();
  }
  if (backing_) backing_->unaccount(env);
  if (memory_) memory_->release();
}

Napi::Value HostBufferWrap::JS_arrayBuffer(const Napi::CallbackInfo& info) {
  if (disposed()) throwDisposed(info.Env(), "HostBuffer");
  return arrayBuffer_.Value();
}

Napi::Value HostBufferWrap::JS_byteLength(const Napi::CallbackInfo& info) {
  if (disposed()) throwDisposed(info.Env(), "HostBuffer");
  return Napi::Number::New(info.Env(), double(memory_->size()));
}

Napi::Value HostBufferWrap::JS_kind(const Napi::CallbackInfo& info) {
  if (disposed()) throwDisposed(info.Env(), "HostBuffer");
  return Napi::String::New(info.Env(), kindName(memory_->kind()));
}

Napi::Value HostBufferWrap::JS_fallbackReason(const Napi::CallbackInfo& info) {
  if (disposed()) throwDisposed(info.Env(), "HostBuffer");
  const std::string& reason = memory_->fallbackReason();
  return reason.empty() ? info.Env().Null() : Napi::String::New(info.Env(), reason);
}

Napi::Value HostBufferWrap::JS_disposed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), disposed());
}

Napi::Value HostBufferWrap::JS_dispose(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return dispose(info.Env()); });
}

}  // namespace binding
}  // namespace trtmap
