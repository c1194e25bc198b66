#include "trt/check.h"

#include <cstring>

#include "trt/log_sink.h"

namespace trtmap {
namespace trt {

void throwTrtError(const char* code, const std::string& message, const char* expression,
                   const char* file, int line) {
  std::string text = message;
  std::string logged = takeRecentErrors();
  if (!logged.empty()) text += ": " + logged;
  const char* base = std::strrchr(file, '/');
  text += " (" + std::string(expression) + " at " + (base != nullptr ? base + 1 : file) + ":" +
          std::to_string(line) + ")";
  throw Error(code, text);
}

}  // namespace trt
}  // namespace trtmap
