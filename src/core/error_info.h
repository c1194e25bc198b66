// A failure captured on a worker thread, to be turned into a JavaScript error
// on the main thread. Plain data: it crosses threads.
#pragma once

#include <exception>
#include <new>
#include <string>

#include "core/error.h"

namespace trtmap {

struct ErrorInfo {
  std::string code;
  std::string message;
  std::string file;
};

// Must be called inside a catch block: classifies the exception in flight.
inline ErrorInfo captureCurrentException() {
  try {
    throw;
  } catch (const Error& error) {
    return {error.code(), error.what(), error.file()};
  } catch (const std::bad_alloc&) {
    return {"ERR_INTERNAL", "out of host memory", ""};
  } catch (const std::exception& error) {
    return {"ERR_INTERNAL", error.what(), ""};
  } catch (...) {
    return {"ERR_INTERNAL", "unknown native exception", ""};
  }
}

}  // namespace trtmap
