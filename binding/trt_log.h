// TensorRT log messages as JavaScript values.
#pragma once

#include <napi.h>

#include <vector>

#include "trt/log_sink.h"

namespace trtmap {
namespace binding {

inline Napi::Object logMessageToJs(Napi::Env env, trt::Severity severity, const std::string& text) {
  Napi::Object message = Napi::Object::New(env);
  message.Set("severity", trt::severityName(severity));
  message.Set("message", text);
  return message;
}

inline Napi::Array logToJs(Napi::Env env, const std::vector<trt::LogMessage>& messages) {
  Napi::Array array = Napi::Array::New(env, messages.size());
  for (std::size_t index = 0; index < messages.size(); ++index) {
    array.Set(std::uint32_t(index), logMessageToJs(env, messages[index].severity, messages[index].text));
  }
  return array;
}

}  // namespace binding
}  // namespace trtmap
