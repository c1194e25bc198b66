// The TensorRT headers, and the one place that decides which API generation
// the rest of src/trt compiles against. Only files compiled with
// TRTMAP_HAVE_TENSORRT include this.
#pragma once

#include <NvInfer.h>
#include <NvInferPlugin.h>
#include <NvInferVersion.h>
#include <NvOnnxParser.h>

#if NV_TENSORRT_MAJOR == 8
// Bindings + enqueueV2 + setMaxWorkspaceSize; the UFF parser still exists.
#define TRTMAP_TRT8 1
#define TRTMAP_TRT10 0
#include <NvUffParser.h>
#elif NV_TENSORRT_MAJOR == 10
// Named tensors + enqueueV3 + setMemoryPoolLimit; no UFF.
#define TRTMAP_TRT8 0
#define TRTMAP_TRT10 1
#else
#error "trtmap supports TensorRT 8.x (8.2 on JetPack 4.6, 8.5/8.6 on JetPack 5) and 10.x; the TensorRT headers found are another major version. Point TENSORRT_ROOT at a TensorRT 8 or 10 installation."
#endif

// TensorRT 10 deprecates the implicit-quantization API (calibrators, the
// FP16/INT8 builder flags) that trtmap needs to compare FP16 and INT8 builds
// of the same ONNX model; TensorRT 8.2 deprecates destroy(). These guards
// keep -Werror for everything else.
#define TRTMAP_ALLOW_DEPRECATED_BEGIN \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#define TRTMAP_ALLOW_DEPRECATED_END _Pragma("GCC diagnostic pop")

namespace trtmap {
namespace trt {

// TensorRT's own version encoding: 8.x packs major*1000 + minor*100 + patch,
// 10.x major*10000 + minor*100 + patch (NvInferRuntimeBase.h,
// NV_TENSORRT_VERSION_INT). NV_TENSORRT_VERSION is what the headers' own
// inline createInferBuilder() passes to createInferBuilder_INTERNAL.
constexpr int kCompiledVersion = NV_TENSORRT_VERSION;

// Deleting TensorRT objects: `delete` is the 8.x and 10.x way (destroy() is
// deprecated in 8.x and gone in 10.x).
struct Deleter {
  template <typename T>
  void operator()(T* object) const noexcept {
    delete object;
  }
};

}  // namespace trt
}  // namespace trtmap
