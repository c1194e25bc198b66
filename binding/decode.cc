#include "binding/decode.h"

#include <string>
#include <vector>

#include "binding/errors.h"
#include "binding/host_buffer.h"
#include "binding/promise_worker.h"
#include "core/read_file.h"
#include "image/decode.h"

namespace trtmap {
namespace binding {

namespace {

// A Buffer input is not copied: the worker keeps a reference to it, and the
// caller must not modify it until the promise settles.
class DecodeWorker : public PromiseWorker {
 public:
  explicit DecodeWorker(Napi::Env env) : PromiseWorker(env, "trtmap.decodeImage") {}

  std::string path;  // empty for a Buffer
  Napi::Reference<Napi::Buffer<std::uint8_t>> input;
  const std::uint8_t* bytes = nullptr;
  std::size_t size = 0;
  cuda::HostMemoryRequest memory;
  image::DecodeOptions options;

 protected:
  void run() override {
    if (!path.empty()) {
      std::vector<std::uint8_t> file = readFile(path);
      decoded_ = image::decodeImage(file.data(), file.size(), path, memory, options);
    } else {
      decoded_ = image::decodeImage(bytes, size, "<buffer>", memory, options);
    }
  }

  Napi::Value result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("buffer", HostBufferWrap::wrap(env, decoded_.pixels));
    result.Set("width", decoded_.width);
    result.Set("height", decoded_.height);
    result.Set("channels", decoded_.channels);
    result.Set("orientation", decoded_.orientation);
    if (!decoded_.warning.empty()) result.Set("warning", decoded_.warning);
    return result;
  }

  void release(Napi::Env) override { input.Reset(); }

 private:
  image::DecodedImage decoded_;
};

// { channels: 1 | 3, grayConversion: 'opencv' | 'darknet', applyOrientation }
// (already validated by lib/image/decode.ts; re-checked for what matters here).
image::DecodeOptions readOptions(Napi::Env env, Napi::Value value) {
  image::DecodeOptions options;
  if (!value.IsObject()) return options;
  Napi::Object object = value.As<Napi::Object>();
  Napi::Value channels = object.Get("channels");
  if (channels.IsNumber()) {
    options.channels = channels.As<Napi::Number>().Int32Value();
    if (options.channels != 1 && options.channels != 3) {
      throwError(env, "ERR_INVALID_ARGUMENT", "Expected 1 or 3 channels");
    }
  }
  Napi::Value gray = object.Get("grayConversion");
  if (gray.IsString() && gray.As<Napi::String>().Utf8Value() == "darknet") {
    options.grayConversion = image::GrayConversion::Darknet;
  }
  Napi::Value orientation = object.Get("applyOrientation");
  if (orientation.IsBoolean()) options.applyOrientation = orientation.As<Napi::Boolean>().Value();
  return options;
}

}  // namespace

Napi::Value JS_decodeImage(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    auto* worker = new DecodeWorker(env);
    if (info[0].IsString()) {
      worker->path = info[0].As<Napi::String>().Utf8Value();
      if (worker->path.empty()) {
        delete worker;
        throwError(env, "ERR_INVALID_ARGUMENT", "Expected a file path or a Buffer");
      }
    } else if (info[0].IsBuffer()) {
      auto buffer = info[0].As<Napi::Buffer<std::uint8_t>>();
      worker->bytes = buffer.Data();
      worker->size = buffer.Length();
      worker->input = Napi::Persistent(buffer);
    } else {
      delete worker;
      throwError(env, "ERR_INVALID_ARGUMENT", "Expected a file path or a Buffer");
    }
    worker->memory.pinned = info[1].ToBoolean();
    worker->memory.mapped = info[2].ToBoolean();
    try {
      worker->options = readOptions(env, info[3]);
    } catch (...) {
      worker->input.Reset();
      delete worker;
      throw;
    }
    return worker->start();
  });
}

}  // namespace binding
}  // namespace trtmap
