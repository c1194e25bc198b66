// tensorrtStatus(): whether TensorRT was compiled in and can be loaded.
#pragma once

#include <napi.h>

namespace trtmap {
namespace binding {

Napi::Value JS_tensorrtStatus(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
