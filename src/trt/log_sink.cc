#include "trt/log_sink.h"

#include <algorithm>
#include <utility>

namespace trtmap {
namespace trt {

namespace {

constexpr std::size_t kMaxQueued = 10000;
constexpr std::size_t kMaxRecentErrors = 8;

std::mutex installedMutex;
std::vector<LogSink*> installed;  // every live ScopedLogSink, newest last
thread_local LogSink* threadSink = nullptr;
thread_local std::vector<std::string> recentErrors;

}  // namespace

const char* severityName(Severity severity) {
  switch (severity) {
    case Severity::InternalError: return "internal-error";
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    case Severity::Verbose: return "verbose";
  }
  return "info";
}

void LogQueue::log(Severity severity, const std::string& text) {
  if (severity > threshold_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  // A runaway verbose log must not grow without bound before JS drains it.
  if (messages_.size() >= kMaxQueued) messages_.pop_front();
  messages_.push_back({severity, text});
}

std::vector<LogMessage> LogQueue::drain() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<LogMessage> messages(messages_.begin(), messages_.end());
  messages_.clear();
  return messages;
}

ScopedLogSink::ScopedLogSink(LogSink* sink) : sink_(sink), previous_(threadSink) {
  // An operation starts: errors an earlier operation on this (pooled)
  // thread logged without failing must not be reported as this one's.
  recentErrors.clear();
  threadSink = sink;
  std::lock_guard<std::mutex> lock(installedMutex);
  installed.push_back(sink);
}

ScopedLogSink::~ScopedLogSink() {
  threadSink = previous_;
  std::lock_guard<std::mutex> lock(installedMutex);
  auto found = std::find(installed.rbegin(), installed.rend(), sink_);
  if (found != installed.rend()) installed.erase(std::next(found).base());
}

void dispatchLog(Severity severity, const char* text) {
  std::string message = text != nullptr ? text : "";
  if (severity <= Severity::Error) {
    if (recentErrors.size() >= kMaxRecentErrors) recentErrors.erase(recentErrors.begin());
    recentErrors.push_back(message);
  }
  if (threadSink != nullptr) {
    threadSink->log(severity, message);
    return;
  }
  // A TensorRT worker thread: the newest operation is the likeliest owner.
  // The sink is called under the lock so that it cannot be uninstalled (and
  // destroyed) meanwhile; sinks only queue, so this stays short.
  std::lock_guard<std::mutex> lock(installedMutex);
  if (!installed.empty()) installed.back()->log(severity, message);
}

std::string takeRecentErrors() {
  std::string joined;
  for (const auto& error : recentErrors) {
    if (!joined.empty()) joined += "; ";
    joined += error;
  }
  recentErrors.clear();
  return joined;
}

}  // namespace trt
}  // namespace trtmap
