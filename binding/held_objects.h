// The wrappers an operation in flight uses: each is kept alive (a strong
// reference: the worker's Ref()) and counted as pending until the operation
// settles, so dispose() waits for it and the GC cannot finalize it.
#pragma once

#include <napi.h>

#include <vector>

#include "binding/disposable.h"

namespace trtmap {
namespace binding {

class HeldObjects {
 public:
  void hold(Napi::Object object, Disposable* owner) {
    owner->beginWork();
    entries_.push_back(Entry{Napi::Persistent(object), owner});
  }

  // Main thread, once the operation has settled.
  void releaseAll(Napi::Env env) {
    std::vector<Entry> entries;
    entries.swap(entries_);
    for (auto& entry : entries) {
      entry.owner->endWork(env);
      entry.reference.Reset();
    }
  }

 private:
  struct Entry {
    Napi::ObjectReference reference;
    Disposable* owner;
  };
  std::vector<Entry> entries_;
};

}  // namespace binding
}  // namespace trtmap
