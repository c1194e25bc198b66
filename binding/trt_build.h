// buildEngine(options, onEvent): builds a serialized engine file off the
// JavaScript thread. `options` is lib/trt's NativeBuildOptions (every field
// present); onEvent(event, respond?) receives log, progress and calibration
// events (trt_build_events.h).
#pragma once

#include <napi.h>

namespace trtmap {
namespace binding {

Napi::Value JS_buildEngine(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
