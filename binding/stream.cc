#include "binding/stream.h"

#include <string>

#include "binding/buffer_endpoint.h"
#include "binding/errors.h"
#include "binding/held_objects.h"
#include "binding/promise_worker.h"
#include "binding/type_tags.h"

namespace trtmap {
namespace binding {

namespace {

// Waits for everything queued on the stream (also: the cost of one async
// native call around an empty GPU operation).
class SynchronizeWorker : public PromiseWorker {
 public:
  SynchronizeWorker(Napi::Env env, std::shared_ptr<cuda::Stream> stream)
      : PromiseWorker(env, "trtmap.Stream.synchronize"), stream_(std::move(stream)) {}

  HeldObjects held;

 protected:
  void run() override { stream_->synchronize(); }
  Napi::Value result(Napi::Env env) override { return env.Undefined(); }
  void release(Napi::Env env) override { held.releaseAll(env); }

 private:
  std::shared_ptr<cuda::Stream> stream_;
};

class CopyWorker : public PromiseWorker {
 public:
  CopyWorker(Napi::Env env, std::shared_ptr<cuda::Stream> stream)
      : PromiseWorker(env, "trtmap.Stream.copy"), stream_(std::move(stream)) {}

  HeldObjects held;
  BufferEndpoint destination, source;
  std::size_t destinationOffset = 0, sourceOffset = 0, bytes = 0;
  bool byKernel = false;

 protected:
  void run() override {
    if (bytes == 0) return;
    if (byKernel) {
      stream_->copyByKernelAsync(static_cast<std::uint8_t*>(destination.devicePointer) + destinationOffset,
                                 static_cast<std::uint8_t*>(source.devicePointer) + sourceOffset, bytes);
    } else {
      stream_->copyAsync(address(destination) + destinationOffset, address(source) + sourceOffset, bytes);
    }
    stream_->synchronize();
  }
  Napi::Value result(Napi::Env env) override { return env.Undefined(); }
  void release(Napi::Env env) override { held.releaseAll(env); }

 private:
  static std::uint8_t* address(const BufferEndpoint& endpoint) {
    return endpoint.isHost ? endpoint.hostPointer : static_cast<std::uint8_t*>(endpoint.devicePointer);
  }
  std::shared_ptr<cuda::Stream> stream_;
};

}  // namespace

Napi::Function StreamWrap::defineClass(Napi::Env env) {
  return DefineClass(env, "Stream",
                     {InstanceMethod<&StreamWrap::JS_synchronize>("synchronize"),
                      InstanceMethod<&StreamWrap::JS_copy>("copy"),
                      InstanceAccessor<&StreamWrap::JS_disposed>("disposed"),
                      InstanceMethod<&StreamWrap::JS_dispose>("dispose")});
}

StreamWrap::StreamWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<StreamWrap>(info) {
  info.This().As<Napi::Object>().TypeTag(&kStreamTag);
  try {
    stream_ = std::make_shared<cuda::Stream>();
  } catch (...) {
    throw Napi::Error(info.Env(), makeError(info.Env(), captureCurrentException()));
  }
}

const std::shared_ptr<cuda::Stream>& StreamWrap::streamForWork(Napi::Env env) const {
  if (disposed()) throwDisposed(env, "Stream");
  return stream_;
}

// The CUDA stream is destroyed when the last operation holding it lets go.
void StreamWrap::releaseResources(Napi::Env) { stream_.reset(); }

Napi::Value StreamWrap::JS_synchronize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    auto* worker = new SynchronizeWorker(env, streamForWork(env));
    worker->held.hold(info.This().As<Napi::Object>(), this);
    return worker->start();
  });
}

// copy(destination, source, destinationOffset, sourceOffset, byteLength, byKernel)
Napi::Value StreamWrap::JS_copy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    std::unique_ptr<CopyWorker> worker(new CopyWorker(env, streamForWork(env)));
    worker->held.hold(info.This().As<Napi::Object>(), this);
    try {
      worker->destination = resolveEndpoint(info[0], "destination", worker->held);
      worker->source = resolveEndpoint(info[1], "source", worker->held);
      double destinationOffset = info[2].ToNumber().DoubleValue();
      double sourceOffset = info[3].ToNumber().DoubleValue();
      double bytes = info[4].ToNumber().DoubleValue();
      checkRange(env, worker->destination, destinationOffset, bytes, "destination");
      checkRange(env, worker->source, sourceOffset, bytes, "source");
      worker->destinationOffset = std::size_t(destinationOffset);
      worker->sourceOffset = std::size_t(sourceOffset);
      worker->bytes = std::size_t(bytes);
      worker->byKernel = info[5].ToBoolean();
      if (worker->byKernel && (!worker->destination.devicePointer || !worker->source.devicePointer)) {
        throwError(env, "ERR_INVALID_ARGUMENT",
                   "a kernel copy needs device, pinned or mapped buffers on both sides");
      }
    } catch (...) {
      worker->held.releaseAll(env);
      throw;
    }
    return worker.release()->start();
  });
}

Napi::Value StreamWrap::JS_disposed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), disposed());
}

Napi::Value StreamWrap::JS_dispose(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return dispose(info.Env()); });
}

}  // namespace binding
}  // namespace trtmap
