#include "binding/promise_worker.h"

#include "binding/errors.h"

namespace trtmap {
namespace binding {

Napi::Value PromiseWorker::makeErrorValue(Napi::Env env) { return makeError(env, failure_); }

}  // namespace binding
}  // namespace trtmap
