#pragma once

#include <napi.h>

namespace trtmap {
namespace binding {

// decodeImage(source: string | Buffer, pinned: boolean, mapped: boolean)
//   => Promise<{ buffer: HostBuffer, width, height, channels }>
Napi::Value JS_decodeImage(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
