#include "binding/trt_status.h"

#include "binding/errors.h"
#include "binding/promise_worker.h"
#include "binding/trt_values.h"
#include "trt/library_status.h"

namespace trtmap {
namespace binding {

namespace {

// dlopen of libnvinfer can take a second: off the JavaScript thread.
class StatusWorker : public PromiseWorker {
 public:
  explicit StatusWorker(Napi::Env env) : PromiseWorker(env, "trtmap.tensorrtStatus") {}

 protected:
  void run() override { status_ = trt::probeLibrary(); }
  Napi::Value result(Napi::Env env) override { return statusToJs(env, status_); }

 private:
  trt::LibraryStatus status_;
};

}  // namespace

Napi::Value JS_tensorrtStatus(const Napi::CallbackInfo& info) {
  return promiseOrRejection(info.Env(), [&] { return (new StatusWorker(info.Env()))->start(); });
}

}  // namespace binding
}  // namespace trtmap
