// HostBuffer: host memory (page-locked where CUDA allows) exposed to
// JavaScript as one external ArrayBuffer, without copies.
//
// Ownership: the HostMemory is shared by this wrapper, by the ArrayBuffer's
// finalizer and by operations in flight; it is freed when the last of them
// lets go, or at dispose() once no operation is pending (the ArrayBuffer is
// detached first, so no JavaScript view can reach freed memory).
#pragma once

#include <napi.h>

#include <memory>

#include "binding/disposable.h"
#include "cuda/host_memory.h"

namespace trtmap {
namespace binding {

struct ExternalBacking;

class HostBufferWrap : public Napi::ObjectWrap<HostBufferWrap>, public Disposable {
 public:
  static Napi::Function defineClass(Napi::Env env);
  // A new JavaScript HostBuffer around memory filled natively (decode).
  static Napi::Object wrap(Napi::Env env, std::shared_ptr<cuda::HostMemory> memory);

  explicit HostBufferWrap(const Napi::CallbackInfo& info);

  // The memory, for an operation about to be queued; throws ERR_DISPOSED.
  const std::shared_ptr<cuda::HostMemory>& memoryForWork(Napi::Env env) const;

 private:
  void attach(Napi::Env env, std::shared_ptr<cuda::HostMemory> memory);
  void releaseResources(Napi::Env env) override;

  Napi::Value JS_arrayBuffer(const Napi::CallbackInfo& info);
  Napi::Value JS_byteLength(const Napi::CallbackInfo& info);
  Napi::Value JS_kind(const Napi::CallbackInfo& info);
  Napi::Value JS_fallbackReason(const Napi::CallbackInfo& info);
  Napi::Value JS_disposed(const Napi::CallbackInfo& info);
  Napi::Value JS_dispose(const Napi::CallbackInfo& info);

  std::shared_ptr<cuda::HostMemory> memory_;
  std::shared_ptr<ExternalBacking> backing_;
  Napi::Reference<Napi::ArrayBuffer> arrayBuffer_;
};

}  // namespace binding
}  // namespace trtmap
