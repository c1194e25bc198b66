// Where TensorRT's log messages go: TensorRT calls one process-wide logger
// (8.x keeps the first logger it is given, and the plugin library keeps its
// own for ever), so that logger routes each message to the sink installed by
// the operation running on the calling thread (ScopedLogSink), or to the most
// recently installed one for TensorRT's own threads.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace trtmap {
namespace trt {

// TensorRT's severities, in its order (ILogger::Severity).
enum class Severity { InternalError = 0, Error = 1, Warning = 2, Info = 3, Verbose = 4 };

const char* severityName(Severity severity);

struct LogMessage {
  Severity severity;
  std::string text;
};

class LogSink {
 public:
  virtual ~LogSink() = default;
  // Any thread; must not block for long.
  virtual void log(Severity severity, const std::string& text) = 0;
};

// A sink that keeps messages for the main thread to drain (Engine.load's log)
// and remembers the last errors for exception messages.
class LogQueue : public LogSink {
 public:
  explicit LogQueue(Severity threshold = Severity::Warning) : threshold_(threshold) {}
  void log(Severity severity, const std::string& text) override;
  std::vector<LogMessage> drain();

 private:
  Severity threshold_;
  std::mutex mutex_;
  std::deque<LogMessage> messages_;
};

// Installs `sink` for TensorRT messages logged on this thread while it is
// alive (an operation: a build, a load, a run), and starts this thread's
// list of recent errors afresh.
class ScopedLogSink {
 public:
  explicit ScopedLogSink(LogSink* sink);
  ScopedLogSink(const ScopedLogSink&) = delete;
  ScopedLogSink& operator=(const ScopedLogSink&) = delete;
  ~ScopedLogSink();

 private:
  LogSink* sink_;
  LogSink* previous_;
};

// Called by the process-wide TensorRT logger.
void dispatchLog(Severity severity, const char* text);

// The error messages TensorRT logged on this thread since the last call
// (at most a few), joined for an exception message; empty when none.
std::string takeRecentErrors();

}  // namespace trt
}  // namespace trtmap
