#include "binding/buffer_endpoint.h"

#include <string>

#include "binding/device_buffer.h"
#include "binding/errors.h"
#include "binding/host_buffer.h"
#include "binding/type_tags.h"

namespace trtmap {
namespace binding {

BufferEndpoint resolveEndpoint(Napi::Value value, const char* name, HeldObjects& held) {
  Napi::Env env = value.Env();
  BufferEndpoint endpoint;
  if (value.IsObject() && value.As<Napi::Object>().CheckTypeTag(&kHostBufferTag)) {
    auto* wrap = HostBufferWrap::Unwrap(value.As<Napi::Object>());
    const auto& memory = wrap->memoryForWork(env);
    endpoint.hostPointer = memory->data();
    endpoint.size = memory->size();
    endpoint.isHost = true;
    // Under unified addressing pinned host memory is device-accessible at the
    // same address; pageable memory is not.
    endpoint.mapped = memory->kind() == cuda::HostMemoryKind::Mapped;
    if (endpoint.mapped) {
      endpoint.devicePointer = memory->devicePointer();
    } else if (memory->kind() == cuda::HostMemoryKind::Pinned) {
      endpoint.devicePointer = memory->data();
    }
    endpoint.keepAlive = memory;
    held.hold(value.As<Napi::Object>(), wrap);
  } else if (value.IsObject() && value.As<Napi::Object>().CheckTypeTag(&kDeviceBufferTag)) {
    auto* wrap = DeviceBufferWrap::Unwrap(value.As<Napi::Object>());
    const auto& memory = wrap->memoryForWork(env);
    endpoint.devicePointer = memory->data();
    endpoint.size = memory->size();
    endpoint.keepAlive = memory;
    held.hold(value.As<Napi::Object>(), wrap);
  } else {
    throwError(env, "ERR_INVALID_ARGUMENT",
               std::string("Expected a HostBuffer or DeviceBuffer for ") + name);
  }
  return endpoint;
}

void checkRange(Napi::Env env, const BufferEndpoint& endpoint, double offset, double bytes,
                const char* name) {
  bool valid = offset >= 0 && bytes >= 0 && offset == double(std::uint64_t(offset)) &&
               bytes == double(std::uint64_t(bytes)) && offset + bytes <= double(endpoint.size);
  if (!valid) {
    throwError(env, "ERR_INVALID_ARGUMENT",
               std::string("Range ") + std::to_string(static_cast<long long>(offset)) + " + " +
                   std::to_string(static_cast<long long>(bytes)) +
                   " is outside " + name + " (" + std::to_string(endpoint.size) + " bytes)");
  }
}

}  // namespace binding
}  // namespace trtmap
