#pragma once

#include <napi.h>

namespace trtmap {
namespace binding {

// buildInfo(): what this binary was built with (synchronous, no GPU access).
Napi::Value JS_buildInfo(const Napi::CallbackInfo& info);
// queryCuda(): Promise of driver/runtime versions and devices; never rejects
// for a missing GPU, it says so in `error`.
Napi::Value JS_queryCuda(const Napi::CallbackInfo& info);
// deviceMemoryInfo(): Promise<{ free, total }> of the current device.
Napi::Value JS_deviceMemoryInfo(const Napi::CallbackInfo& info);
Napi::Value JS_pinnedPoolStats(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
