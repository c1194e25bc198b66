#include "binding/event.h"

#include "binding/errors.h"
#include "binding/held_objects.h"
#include "binding/promise_worker.h"
#include "binding/stream.h"
#include "binding/type_tags.h"

namespace trtmap {
namespace binding {

namespace {

class EventSynchronizeWorker : public PromiseWorker {
 public:
  EventSynchronizeWorker(Napi::Env env, std::shared_ptr<cuda::Event> event)
      : PromiseWorker(env, "trtmap.Event.synchronize"), event_(std::move(event)) {}
  HeldObjects held;

 protected:
  void run() override { event_->synchronize(); }
  Napi::Value result(Napi::Env env) override { return env.Undefined(); }
  void release(Napi::Env env) override { held.releaseAll(env); }

 private:
  std::shared_ptr<cuda::Event> event_;
};

template <typename Body>
Napi::Value rethrowAsJs(Napi::Env env, Body body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (...) {
    throw Napi::Error(env, makeError(env, captureCurrentException()));
  }
}

}  // namespace

Napi::Function EventWrap::defineClass(Napi::Env env) {
  return DefineClass(env, "Event",
                     {InstanceMethod<&EventWrap::JS_record>("record"),
                      InstanceMethod<&EventWrap::JS_synchronize>("synchronize"),
                      InstanceMethod<&EventWrap::JS_elapsedSince>("elapsedSince"),
                      InstanceAccessor<&EventWrap::JS_disposed>("disposed"),
                      InstanceMethod<&EventWrap::JS_dispose>("dispose")});
}

EventWrap::EventWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EventWrap>(info) {
  info.This().As<Napi::Object>().TypeTag(&kEventTag);
  rethrowAsJs(info.Env(), [&] {
    event_ = std::make_shared<cuda::Event>();
    return info.Env().Undefined();
  });
}

const std::shared_ptr<cuda::Event>& EventWrap::eventForWork(Napi::Env env) const {
  if (disposed()) throwDisposed(env, "Event");
  return event_;
}

void EventWrap::releaseResources(Napi::Env) { event_.reset(); }

// record(stream): queues the event on the stream (synchronous, cheap).
Napi::Value EventWrap::JS_record(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* stream = unwrapTagged<StreamWrap>(info[0], kStreamTag, "a Stream");
  const auto& event = eventForWork(env);
  const auto& cudaStream = stream->streamForWork(env);
  return rethrowAsJs(env, [&] {
    event->record(*cudaStream);
    return env.Undefined();
  });
}

Napi::Value EventWrap::JS_synchronize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    auto* worker = new EventSynchronizeWorker(env, eventForWork(env));
    worker->held.hold(info.This().As<Napi::Object>(), this);
    return worker->start();
  });
}

// elapsedSince(start): milliseconds between two completed events.
Napi::Value EventWrap::JS_elapsedSince(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* start = unwrapTagged<EventWrap>(info[0], kEventTag, "an Event");
  const auto& end = eventForWork(env);
  const auto& begin = start->eventForWork(env);
  return rethrowAsJs(env, [&]() -> Napi::Value {
    return Napi::Number::New(env, end->elapsedSince(*begin));
  });
}

Napi::Value EventWrap::JS_disposed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), disposed());
}

Napi::Value EventWrap::JS_dispose(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return dispose(info.Env()); });
}

}  // namespace binding
}  // namespace trtmap
