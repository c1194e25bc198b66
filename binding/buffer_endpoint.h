// One side of a copy or kernel: a HostBuffer or DeviceBuffer resolved to a
// raw address and size, with the memory kept alive while the work runs.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "binding/held_objects.h"

namespace trtmap {
namespace binding {

struct BufferEndpoint {
  std::uint8_t* hostPointer = nullptr;  // null for device buffers
  void* devicePointer = nullptr;        // device address (mapped/pinned host, or device)
  std::size_t size = 0;
  bool isHost = false;
  bool mapped = false;  // host memory mapped for the device (zero-copy)
  std::shared_ptr<void> keepAlive;
};

// Throws ERR_INVALID_ARGUMENT / ERR_DISPOSED; holds the wrapper in `held`.
BufferEndpoint resolveEndpoint(Napi::Value value, const char* name, HeldObjects& held);

// Throws ERR_INVALID_ARGUMENT unless [offset, offset + bytes) lies inside.
void checkRange(Napi::Env env, const BufferEndpoint& endpoint, double offset, double bytes,
                const char* name);

}  // namespace binding
}  // namespace trtmap
