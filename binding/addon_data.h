// Per-environment state of the addon (one per main thread or worker thread).
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

namespace trtmap {
namespace binding {

// Shared with finalizers, which may run after the environment's cleanup hook
// ("the cleanup hook may run before finalizers"): they consult `alive` before
// calling into Node-API and never touch AddonData itself.
struct EnvLifetime {
  std::atomic<bool> alive{true};
};

struct AddonData {
  Napi::FunctionReference hostBufferClass;
  Napi::FunctionReference deviceBufferClass;
  Napi::FunctionReference streamClass;
  Napi::FunctionReference eventClass;
  // Not exported: instances come from loadEngine() and createContext().
  Napi::FunctionReference trtEngineClass;
  Napi::FunctionReference trtContextClass;
  // (code, message, file) => TrtmapError, registered by lib/native.
  Napi::FunctionReference errorFactory;
  std::shared_ptr<EnvLifetime> lifetime = std::make_shared<EnvLifetime>();
};

inline AddonData& addonData(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

}  // namespace binding
}  // namespace trtmap
