#pragma once

#include <napi.h>

namespace trtmap {
namespace binding {

// encodeImage(pixels: Buffer, width, height, channels: 1 | 3,
//   format: 'png' | 'jpeg', quality: 1..100) => Promise<Buffer>
// The pixels are not copied: the caller must not modify them until the
// promise settles.
Napi::Value JS_encodeImage(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
