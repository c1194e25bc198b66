// The run request lib/trt passes to TrtContext.run():
//   { inputs: [{ name, buffer, shape, byteOffset }],
//     outputs: [{ name, buffer, byteOffset }],
//     transfer: 'auto' | 'copy' | 'direct', timings: boolean, cudaGraph: boolean }
// resolved to plain C++ (raw addresses) with the buffers held for the run.
#pragma once

#include <napi.h>

#include <memory>
#include <vector>

#include "binding/held_objects.h"
#include "trt/execution_context.h"

namespace trtmap {
namespace binding {

struct ResolvedRunRequest {
  trt::RunRequest request;
  std::vector<std::shared_ptr<void>> keepAlive;  // the buffers' memory
};

// Throws ERR_INVALID_ARGUMENT / ERR_DISPOSED; holds the buffers in `held`.
ResolvedRunRequest resolveRunRequest(const Napi::Value& value, HeldObjects& held);

// inspectRunRequest(request): what the native side understood of a request
// (names, shapes, byte lengths, memory kinds), without running anything, so
// that the TypeScript-to-C++ plumbing is testable on machines without TensorRT.
Napi::Value JS_inspectRunRequest(const Napi::CallbackInfo& info);

}  // namespace binding
}  // namespace trtmap
