#pragma once

#include <napi.h>

namespace trtmap {
namespace binding {

// decodeImage(source: string | Buffer, pinned: boolean, mapped: boolean,
//   options?: { channels, grayConversion, applyOrientation })
//   => Promise<{ buffer: HostBuffer, width, height, channels, orientation, warning? }>
Napi::Value JS_decodeImage(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
