// TRTMAP_TRT_CHECK(condition, code, message): throws trtmap::Error with a
// stable code (ERR_TRT_BUILD, ERR_TRT_ENGINE, ERR_TRT_RUN, ERR_SHAPE, ...)
// when a TensorRT call reports failure (a null object or false), adding the
// errors TensorRT logged on this thread and the call site.
#pragma once

#include <string>

#include "core/error.h"

namespace trtmap {
namespace trt {

[[noreturn]] void throwTrtError(const char* code, const std::string& message, const char* expression,
                                const char* file, int line);

}  // namespace trt
}  // namespace trtmap

#define TRTMAP_TRT_CHECK(condition, code, message)                                   \
  do {                                                                               \
    if (!(condition)) {                                                              \
      ::trtmap::trt::throwTrtError((code), (message), #condition, __FILE__, __LINE__); \
    }                                                                                \
  } while (0)
