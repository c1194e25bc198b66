#include "binding/encode.h"

#include <string>
#include <vector>

#include "binding/errors.h"
#include "binding/promise_worker.h"
#include "image/encode.h"

namespace trtmap {
namespace binding {

namespace {

class EncodeWorker : public PromiseWorker {
 public:
  explicit EncodeWorker(Napi::Env env) : PromiseWorker(env, "trtmap.encodeImage") {}

  Napi::Reference<Napi::Buffer<std::uint8_t>> input;
  const std::uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int channels = 3;
  bool png = true;
  int quality = 90;

 protected:
  void run() override {
    encoded_ = png ? image::encodePng(pixels, width, height, channels)
                   : image::encodeJpeg(pixels, width, height, channels, quality);
  }

  Napi::Value result(Napi::Env env) override {
    return Napi::Buffer<std::uint8_t>::Copy(env, encoded_.data(), encoded_.size());
  }

  void release(Napi::Env) override { input.Reset(); }

 private:
  std::vector<std::uint8_t> encoded_;
};

int intArgument(const Napi::CallbackInfo& info, std::size_t index, const char* name) {
  if (!info[index].IsNumber()) {
    throwError(info.Env(), "ERR_INVALID_ARGUMENT", std::string("Expected a number for ") + name);
  }
  double value = info[index].As<Napi::Number>().DoubleValue();
  if (!(value >= 0 && value <= 1e9) || value != double(int(value))) {
    throwError(info.Env(), "ERR_INVALID_ARGUMENT", std::string("Expected an integer for ") + name);
  }
  return int(value);
}

}  // namespace

Napi::Value JS_encodeImage(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    if (!info[0].IsBuffer()) throwError(env, "ERR_INVALID_ARGUMENT", "Expected a Buffer of pixels");
    auto buffer = info[0].As<Napi::Buffer<std::uint8_t>>();
    const int width = intArgument(info, 1, "width");
    const int height = intArgument(info, 2, "height");
    const int channels = intArgument(info, 3, "channels");
    if (channels != 1 && channels != 3) {
      throwError(env, "ERR_INVALID_ARGUMENT", "Expected 1 or 3 channels");
    }
    if (double(width) * height * channels > double(buffer.Length()) || width == 0 || height == 0) {
      throwError(env, "ERR_INVALID_ARGUMENT",
                 "an image of " + std::to_string(width) + "x" + std::to_string(height) + "x" +
                     std::to_string(channels) + " does not fit a buffer of " +
                     std::to_string(buffer.Length()) + " bytes");
    }
    const std::string format = info[4].IsString() ? info[4].As<Napi::String>().Utf8Value() : "";
    if (format != "png" && format != "jpeg") {
      throwError(env, "ERR_INVALID_ARGUMENT", "Expected 'png' or 'jpeg' for the format");
    }
    const int quality = format == "jpeg" ? intArgument(info, 5, "quality") : 90;
    if (quality < 1 || quality > 100) {
      throwError(env, "ERR_INVALID_ARGUMENT", "Expected a JPEG quality from 1 to 100");
    }
    auto* worker = new EncodeWorker(env);
    worker->input = Napi::Persistent(buffer);
    worker->pixels = buffer.Data();
    worker->width = width;
    worker->height = height;
    worker->channels = channels;
    worker->png = format == "png";
    worker->quality = quality;
    return worker->start();
  });
}

}  // namespace binding
}  // namespace trtmap
