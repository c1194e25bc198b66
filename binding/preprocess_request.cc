#include "binding/preprocess_request.h"

#include <initializer_list>
#include <string>
#include <utility>

#include "binding/errors.h"
#include "image/placement.h"

namespace trtmap {
namespace binding {

namespace {

[[noreturn]] void invalid(Napi::Env env, const std::string& message) {
  throwError(env, "ERR_INVALID_ARGUMENT", message);
}

double numberField(Napi::Object object, const char* name) {
  Napi::Value value = object.Get(name);
  if (!value.IsNumber()) invalid(object.Env(), std::string("Expected a number for ") + name);
  return value.As<Napi::Number>().DoubleValue();
}

int intField(Napi::Object object, const char* name) {
  double value = numberField(object, name);
  if (!(value >= 0 && value <= 1e9) || value != double(int(value))) {
    invalid(object.Env(), std::string("Expected an integer >= 0 for ") + name);
  }
  return int(value);
}

std::string stringField(Napi::Object object, const char* name) {
  Napi::Value value = object.Get(name);
  if (!value.IsString()) invalid(object.Env(), std::string("Expected a string for ") + name);
  return value.As<Napi::String>().Utf8Value();
}

void readTriple(Napi::Object object, const char* name, float out[3]) {
  Napi::Value value = object.Get(name);
  if (!value.IsArray() || value.As<Napi::Array>().Length() != 3) {
    invalid(object.Env(), std::string("Expected 3 numbers for ") + name);
  }
  for (uint32_t index = 0; index < 3; ++index) {
    Napi::Value item = value.As<Napi::Array>().Get(index);
    if (!item.IsNumber()) invalid(object.Env(), std::string("Expected 3 numbers for ") + name);
    out[index] = item.As<Napi::Number>().FloatValue();
  }
}

// A string field naming one of `choices`; `fallback` when the field is absent
// (lib/image/spec.ts always sends every field; the defaults are its own, for
// direct callers of the addon).
template <typename Enum>
Enum choice(Napi::Object object, const char* name,
            std::initializer_list<std::pair<const char*, Enum>> choices, Enum fallback) {
  if (object.Get(name).IsUndefined()) return fallback;
  std::string value = stringField(object, name);
  for (const auto& option : choices) {
    if (value == option.first) return option.second;
  }
  invalid(object.Env(), std::string("unknown ") + name + " " + value);
}

image::PreprocessSpec readSpec(Napi::Env env, Napi::Value value) {
  using namespace image;
  if (!value.IsObject()) invalid(env, "Expected a preprocessing spec object");
  Napi::Object object = value.As<Napi::Object>();
  PreprocessSpec spec{};
  spec.width = intField(object, "width");
  spec.height = intField(object, "height");
  spec.resize = choice<ResizeMode>(object, "resize",
                                   {{"stretch", ResizeMode::Stretch},
                                    {"letterbox", ResizeMode::Letterbox},
                                    {"keep-ratio", ResizeMode::KeepRatio}},
                                   ResizeMode::Stretch);
  spec.centered = stringField(object, "anchor") != "top-left";
  spec.padValue = float(numberField(object, "padValue"));
  spec.interpolation = choice<Interpolation>(object, "interpolation",
                                             {{"bilinear", Interpolation::Bilinear},
                                              {"darknet", Interpolation::Darknet},
                                              {"nearest", Interpolation::Nearest},
                                              {"area", Interpolation::Area}},
                                             Interpolation::Bilinear);
  const bool darknet = spec.interpolation == Interpolation::Darknet;
  spec.rounding = choice<SizeRounding>(
      object, "rounding",
      {{"half-even", SizeRounding::HalfEven},
       {"floor", SizeRounding::Floor},
       {"ceil", SizeRounding::Ceil},
       {"integer", SizeRounding::Integer},
       {"none", SizeRounding::None}},
      darknet ? SizeRounding::Integer
              : (spec.resize == ResizeMode::KeepRatio ? SizeRounding::Floor : SizeRounding::HalfEven));
  spec.scaleUp = object.Get("scaleUp").IsUndefined() || object.Get("scaleUp").ToBoolean();
  spec.channels = object.Get("channels").IsUndefined() ? 3 : intField(object, "channels");
  spec.grayConversion = choice<GrayConversion>(
      object, "grayConversion",
      {{"opencv", GrayConversion::OpenCv}, {"darknet", GrayConversion::Darknet}},
      darknet ? GrayConversion::Darknet : GrayConversion::OpenCv);
  spec.bgr = stringField(object, "channelOrder") == "bgr";
  double scale = numberField(object, "scale");
  spec.scale = float(scale);
  readTriple(object, "mean", spec.mean);
  readTriple(object, "std", spec.std);
  spec.layout = stringField(object, "layout") == "nhwc" ? Layout::NHWC : Layout::NCHW;
  spec.dtype = choice<DType>(object, "dtype",
                             {{"float32", DType::Float32},
                              {"float16", DType::Float16},
                              {"uint8", DType::UInt8}},
                             DType::Float32);
  setDarknetScaling(spec, scale);
  try {
    checkSpec(spec);
  } catch (const Error& error) {
    invalid(env, error.what());
  }
  return spec;
}

PreprocessInput readInput(Napi::Env env, Napi::Value value, const image::PreprocessSpec& spec,
                          HeldObjects& held) {
  if (!value.IsObject()) invalid(env, "Expected { buffer, width, height } for an image");
  Napi::Object object = value.As<Napi::Object>();
  PreprocessInput input;
  input.pixels = resolveEndpoint(object.Get("buffer"), "an image buffer", held);
  if (!input.pixels.isHost) invalid(env, "Expected a HostBuffer for an image's pixels");
  int width = intField(object, "width"), height = intField(object, "height");
  Napi::Value channels = object.Get("channels");
  input.channels = channels.IsUndefined() ? 3 : intField(object, "channels");
  if (input.channels != 1 && input.channels != 3) invalid(env, "Expected 1 or 3 image channels");
  if (width == 0 || height == 0 ||
      double(width) * height * input.channels > double(input.pixels.size)) {
    invalid(env, "image of " + std::to_string(width) + "x" + std::to_string(height) + "x" +
                     std::to_string(input.channels) + " pixels does not fit its buffer of " +
                     std::to_string(input.pixels.size) + " bytes");
  }
  input.placement = image::placeImage(spec, width, height);
  return input;
}

const char* samplerName(image::Sampler sampler) {
  switch (sampler) {
    case image::Sampler::Darknet:
      return "darknet";
    case image::Sampler::Nearest:
      return "nearest";
    case image::Sampler::Area:
    case image::Sampler::AreaFast:
      return "area";
    case image::Sampler::Warp:
      return "warp";
    case image::Sampler::Bilinear:
    default:
      return "bilinear";
  }
}

}  // namespace

void readPreprocessRequest(const Napi::CallbackInfo& info, PreprocessRequest& request,
                           HeldObjects& held) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) invalid(env, "Expected an array of images");
  request.spec = readSpec(env, info[1]);
  Napi::Array images = info[0].As<Napi::Array>();
  for (uint32_t index = 0; index < images.Length(); ++index) {
    request.inputs.push_back(readInput(env, images.Get(index), request.spec, held));
  }
  request.output = resolveEndpoint(info[2], "the output", held);
  double offset = info[3].IsNumber() ? info[3].As<Napi::Number>().DoubleValue() : 0;
  request.imageBytes = std::size_t(request.spec.width) * request.spec.height *
                       image::channelsOf(request.spec) * image::bytesPerElement(request.spec);
  checkRange(env, request.output, offset, double(request.imageBytes) * request.inputs.size(),
             "the output");
  request.outputOffset = std::size_t(offset);
}

Napi::Value placementsToJs(Napi::Env env, const std::vector<PreprocessInput>& inputs) {
  Napi::Array result = Napi::Array::New(env, inputs.size());
  for (std::size_t index = 0; index < inputs.size(); ++index) {
    const image::ImagePlacement& placement = inputs[index].placement;
    Napi::Object object = Napi::Object::New(env);
    object.Set("sourceWidth", placement.sourceWidth);
    object.Set("sourceHeight", placement.sourceHeight);
    object.Set("resizedWidth", placement.resizedWidth);
    object.Set("resizedHeight", placement.resizedHeight);
    const bool warp = placement.sampler == image::Sampler::Warp;
    object.Set("offsetX", warp ? placement.warpOffsetX : double(placement.offsetX));
    object.Set("offsetY", warp ? placement.warpOffsetY : double(placement.offsetY));
    object.Set("ratio", placement.ratio);
    object.Set("sampler", samplerName(placement.sampler));
    result.Set(uint32_t(index), object);
  }
  return result;
}

}  // namespace binding
}  // namespace trtmap
