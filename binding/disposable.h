// Lifetime rules shared by the wrapper classes (STYLE.md habit 5): native work
// in flight keeps what it touches alive; dispose() marks the object disposed at
// once (every method then throws or rejects ERR_DISPOSED) and frees its
// resources when the last pending operation ends; its promise resolves then.
#pragma once

#include <napi.h>

#include <vector>

namespace trtmap {
namespace binding {

class Disposable {
 public:
  virtual ~Disposable() = default;

  bool disposed() const noexcept { return disposed_; }
  int pendingOperations() const noexcept { return pending_; }

  // Main thread, when an operation is queued / when it has settled.
  void beginWork() noexcept { ++pending_; }
  void endWork(Napi::Env env);

 protected:
  // Frees the native resources now; called once, on the main thread, with no
  // operation pending.
  virtual void releaseResources(Napi::Env env) = 0;

  Napi::Value dispose(Napi::Env env);
  // For finalizers: no promise to settle; pending work holds its own refs.
  void releaseIfIdle(Napi::Env env);

 private:
  void releaseOnce(Napi::Env env);

  bool disposed_ = false;
  bool released_ = false;
  int pending_ = 0;
  std::vector<Napi::Promise::Deferred> waiting_;
};

}  // namespace binding
}  // namespace trtmap
