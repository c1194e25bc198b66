// What a build reports to JavaScript while it runs: TensorRT's log, progress
// and calibration requests. Builder threads queue events and wake the main
// thread through a thread-safe function; the main thread drains the queue in
// order and calls the JavaScript `onEvent(event, respond?)`. The last events
// are drained before the build's promise settles (drainNow()).
#pragma once

#include <napi.h>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "binding/held_objects.h"
#include "trt/builder.h"
#include "trt/calibration_feed.h"
#include "trt/log_sink.h"

namespace trtmap {
namespace binding {

class BuildEvents : public trt::LogSink,
                    public trt::BuildProgress,
                    public std::enable_shared_from_this<BuildEvents> {
 public:
  BuildEvents(Napi::Env env, Napi::Function onEvent, trt::Severity threshold, bool calibrating);

  // Builder threads.
  void log(trt::Severity severity, const std::string& text) override;
  void progress(const std::string& phase, int step, int steps) override;
  trt::CalibrationFeed* feed() { return calibrating_ ? feed_.get() : nullptr; }

  // Main thread.
  void drainNow(Napi::Env env);
  void finish(Napi::Env env);  // after the build: releases the function and held buffers

 private:
  struct Event {
    enum class Kind { Log, Progress, Calibration };
    Kind kind = Kind::Log;
    trt::Severity severity = trt::Severity::Info;
    std::string text;  // log message or phase
    int step = 0, steps = 0;
    trt::CalibrationRequest request;
  };

  bool push(Event event);  // false when JavaScript can no longer be reached
  void dispatch(Napi::Env env, const Event& event);
  Napi::Array calibrationBuffers(Napi::Env env, const trt::CalibrationRequest& request);

  trt::Severity threshold_;
  bool calibrating_;
  std::shared_ptr<trt::CalibrationFeed> feed_ = std::make_shared<trt::CalibrationFeed>();
  Napi::FunctionReference onEvent_;  // main thread only
  Napi::ThreadSafeFunction wake_;
  std::atomic<bool> wakeQueued_{false};
  std::mutex mutex_;
  std::deque<Event> events_;
  bool released_ = false;  // main thread only
  // Main thread only: the HostBuffers handed to JavaScript for calibration,
  // the same for every batch, held (not disposable) until the build ends.
  Napi::Reference<Napi::Array> buffers_;
  HeldObjects held_;
};

}  // namespace binding
}  // namespace trtmap
