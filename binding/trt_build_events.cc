#include "binding/trt_build_events.h"

#include "binding/errors.h"
#include "binding/host_buffer.h"
#include "binding/trt_log.h"
#include "binding/trt_values.h"

namespace trtmap {
namespace binding {

namespace {

Napi::Function makeResponder(Napi::Env env, std::shared_ptr<trt::CalibrationFeed> feed, int index) {
  // respond(true): the buffers hold batch `index`; respond(false): no more
  // data; respond(error): the iterator failed, and the build rejects with it.
  return Napi::Function::New(env, [feed, index](const Napi::CallbackInfo& info) {
    Napi::Value answer = info[0];
    if (answer.IsBoolean()) {
      if (answer.As<Napi::Boolean>().Value()) {
        feed->deliver(index);
      } else {
        feed->finish();
      }
      return;
    }
    ErrorInfo error{"ERR_TRT_BUILD", "the calibration data source failed", ""};
    if (answer.IsObject()) {
      Napi::Object object = answer.As<Napi::Object>();
      if (object.Get("message").IsString()) error.message = object.Get("message").As<Napi::String>().Utf8Value();
      if (object.Get("code").IsString()) error.code = object.Get("code").As<Napi::String>().Utf8Value();
    }
    feed->fail(error);
  });
}

}  // namespace

BuildEvents::BuildEvents(Napi::Env env, Napi::Function onEvent, trt::Severity threshold, bool calibrating)
    : threshold_(threshold), calibrating_(calibrating) {
  onEvent_ = Napi::Persistent(onEvent);
  std::shared_ptr<trt::CalibrationFeed> feed = feed_;
  // If the environment goes away mid-build, a builder thread waiting for a
  // batch must not wait for ever.
  wake_ = Napi::ThreadSafeFunction::New(env, onEvent, "trtmap.buildEngine", 0, 1,
                                        [feed](Napi::Env) { feed->abort(); });
  feed_->setNotify([this](const trt::CalibrationRequest& request) {
    Event event;
    event.kind = Event::Kind::Calibration;
    event.request = request;
    return push(std::move(event));
  });
}

void BuildEvents::log(trt::Severity severity, const std::string& text) {
  if (severity > threshold_) return;
  Event event;
  event.kind = Event::Kind::Log;
  event.severity = severity;
  event.text = text;
  push(std::move(event));
}

void BuildEvents::progress(const std::string& phase, int step, int steps) {
  Event event;
  event.kind = Event::Kind::Progress;
  event.text = phase;
  event.step = step;
  event.steps = steps;
  push(std::move(event));
}

bool BuildEvents::push(Event event) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(std::move(event));
  }
  if (wakeQueued_.exchange(true)) return true;  // a drain is already on its way
  std::shared_ptr<BuildEvents> self = shared_from_this();
  napi_status status = wake_.NonBlockingCall([self](Napi::Env env, Napi::Function) {
    self->wakeQueued_.store(false);
    if (static_cast<napi_env>(env) != nullptr) self->drainNow(env);
  });
  return status == napi_ok;
}

void BuildEvents::drainNow(Napi::Env env) {
  if (released_) return;
  std::deque<Event> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    events.swap(events_);
  }
  Napi::HandleScope scope(env);
  for (const auto& event : events) dispatch(env, event);
}

void BuildEvents::dispatch(Napi::Env env, const Event& event) {
  Napi::Function onEvent = onEvent_.Value();
  try {
    if (event.kind == Event::Kind::Log) {
      Napi::Object object = logMessageToJs(env, event.severity, event.text);
      object.Set("type", "log");
      onEvent.Call({object});
    } else if (event.kind == Event::Kind::Progress) {
      Napi::Object object = Napi::Object::New(env);
      object.Set("type", "progress");
      object.Set("phase", event.text);
      object.Set("step", event.step);
      object.Set("steps", event.steps);
      onEvent.Call({object});
    } else {
      Napi::Object object = Napi::Object::New(env);
      object.Set("type", "calibration");
      object.Set("index", event.request.index);
      Napi::Array names = Napi::Array::New(env, event.request.names.size());
      Napi::Array shapes = Napi::Array::New(env, event.request.shapes.size());
      Napi::Array dtypes = Napi::Array::New(env, event.request.dtypes.size());
      for (std::size_t input = 0; input < event.request.names.size(); ++input) {
        names.Set(std::uint32_t(input), event.request.names[input]);
        shapes.Set(std::uint32_t(input), shapeToJs(env, event.request.shapes[input]));
        dtypes.Set(std::uint32_t(input), event.request.dtypes[input]);
      }
      object.Set("names", names);
      object.Set("shapes", shapes);
      object.Set("dtypes", dtypes);
      object.Set("buffers", calibrationBuffers(env, event.request));
      onEvent.Call({object, makeResponder(env, feed_, event.request.index)});
    }
  } catch (const Napi::Error& error) {
    // A throwing log or progress callback is the caller's bug; a throwing
    // calibration callback ends calibration with its error.
    if (event.kind == Event::Kind::Calibration) feed_->fail({"ERR_TRT_BUILD", error.Message(), ""});
  }
}

Napi::Array BuildEvents::calibrationBuffers(Napi::Env env, const trt::CalibrationRequest& request) {
  if (buffers_.IsEmpty()) {
    Napi::Array buffers = Napi::Array::New(env, request.buffers.size());
    for (std::size_t input = 0; input < request.buffers.size(); ++input) {
      Napi::Object buffer = HostBufferWrap::wrap(env, request.buffers[input]);
      held_.hold(buffer, HostBufferWrap::Unwrap(buffer));
      buffers.Set(std::uint32_t(input), buffer);
    }
    buffers_ = Napi::Persistent(buffers);
  }
  return buffers_.Value();
}

void BuildEvents::finish(Napi::Env env) {
  drainNow(env);
  released_ = true;
  feed_->abort();  // a request still queued must not leave anyone waiting
  held_.releaseAll(env);
  buffers_.Reset();
  onEvent_.Reset();
  wake_.Release();
}

}  // namespace binding
}  // namespace trtmap
