// Conversion of a preprocess call's JavaScript arguments (already validated
// and normalized by lib/image) into plain C++ data, re-checking only what
// could make native code read or write out of bounds.
#pragma once

#include <napi.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "binding/buffer_endpoint.h"
#include "binding/held_objects.h"
#include "image/preprocess_spec.h"

namespace trtmap {
namespace binding {

struct PreprocessInput {
  BufferEndpoint pixels;  // a HostBuffer, RGB8 interleaved or one gray channel
  int channels = 3;
  image::ImagePlacement placement;
};

struct PreprocessRequest {
  image::PreprocessSpec spec;
  std::vector<PreprocessInput> inputs;
  BufferEndpoint output;
  std::size_t outputOffset = 0;  // bytes
  std::size_t imageBytes = 0;    // of one image's slice of the output
};

// (images: Array<{ buffer, width, height, channels? }>, spec, output, outputOffset)
void readPreprocessRequest(const Napi::CallbackInfo& info, PreprocessRequest& request,
                           HeldObjects& held);

Napi::Value placementsToJs(Napi::Env env, const std::vector<PreprocessInput>& inputs);

}  // namespace binding
}  // namespace trtmap
