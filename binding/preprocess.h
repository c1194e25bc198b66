#pragma once

#include <napi.h>

namespace trtmap {
namespace binding {

// preprocessCpu(images, spec, output: HostBuffer, outputOffset)
//   => Promise<placement[]>
Napi::Value JS_preprocessCpu(const Napi::CallbackInfo& info);

// preprocessCuda(images, spec, output: DeviceBuffer | HostBuffer (mapped),
//   outputOffset, stream, scratch: DeviceBuffer | null) => Promise<placement[]>
// Images in mapped memory are read in place; others are uploaded to
// `scratch` first, each at a 256-byte aligned offset.
Napi::Value JS_preprocessCuda(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
