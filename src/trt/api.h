// The TensorRT headers, and the one place that decides which API generation
// the rest of src/trt compiles against. Only files compiled with
// TRTMAP_HAVE_TENSORRT include this.
#pragma once

#include <NvInfer.h>
#include <NvInferPlugin.h>
#include <NvInferVersion.h>
#include <NvOnnxParser.h>

// TRTMAP_TRT8:  bindings + enqueueV2 + setMaxWorkspaceSize / setMemoryPoolLimit,
//               the UFF parser (when its header is installed), weak typing.
// TRTMAP_TRT10: named tensors + enqueueV3 + setMemoryPoolLimit; 10.x and 11.x.
// TRTMAP_WEAK_TYPING: the FP16/INT8 builder flags, the INT8 calibrator and
//               platformHasFast*() exist (8.x, 10.x; removed in 11.0, where
//               every network is strongly typed and the ONNX model carries
//               the precision).
// TRTMAP_STRONG_TYPING: NetworkDefinitionCreationFlag::kSTRONGLY_TYPED
//               exists (10.x; in 11.x every network is strongly typed).
#if NV_TENSORRT_MAJOR == 8
#define TRTMAP_TRT8 1
#define TRTMAP_TRT10 0
#define TRTMAP_WEAK_TYPING 1
#define TRTMAP_STRONG_TYPING 0
#elif NV_TENSORRT_MAJOR == 10
#define TRTMAP_TRT8 0
#define TRTMAP_TRT10 1
#define TRTMAP_WEAK_TYPING 1
#define TRTMAP_STRONG_TYPING 1
#elif NV_TENSORRT_MAJOR == 11
#define TRTMAP_TRT8 0
#define TRTMAP_TRT10 1
#define TRTMAP_WEAK_TYPING 0
#define TRTMAP_STRONG_TYPING 1
#else
#error "trtmap supports TensorRT 8.x (8.2 on JetPack 4.6, 8.5/8.6 on JetPack 5), 10.x and 11.x; the TensorRT headers found are another major version. Point TENSORRT_ROOT at a TensorRT 8, 10 or 11 installation."
#endif

// The UFF parser: TensorRT 8 only, and only where its header is installed
// (CMake defines TRTMAP_HAVE_UFF_PARSER after looking for NvUffParser.h).
#ifndef TRTMAP_HAVE_UFF_PARSER
#define TRTMAP_HAVE_UFF_PARSER TRTMAP_TRT8
#endif
#if TRTMAP_HAVE_UFF_PARSER && !TRTMAP_TRT8
#error "NvUffParser.h belongs to TensorRT 8; TensorRT 10 removed the UFF parser"
#endif
#if TRTMAP_HAVE_UFF_PARSER
#include <NvUffParser.h>
#endif

// TensorRT 10 deprecates the implicit-quantization API (calibrators, the
// FP16/INT8 builder flags) that trtmap needs to compare FP16 and INT8 builds
// of the same ONNX model; TensorRT 8.5 deprecates the binding API. These
// guards keep -Werror for everything else.
#define TRTMAP_ALLOW_DEPRECATED_BEGIN \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#define TRTMAP_ALLOW_DEPRECATED_END _Pragma("GCC diagnostic pop")

namespace trtmap {
namespace trt {

// TensorRT's own version encoding: 8.x packs major*1000 + minor*100 + patch,
// 10.x and 11.x major*10000 + minor*100 + patch (NvInferRuntimeBase.h,
// NV_TENSORRT_VERSION_INT). NV_TENSORRT_VERSION is what the headers' own
// inline createInferBuilder() passes to createInferBuilder_INTERNAL.
constexpr int kCompiledVersion = static_cast<int>(NV_TENSORRT_VERSION);

// Deleting TensorRT objects: `delete` is the 8.x, 10.x and 11.x way
// (destroy() is deprecated in 8.x and gone in 10.x).
struct Deleter {
  template <typename T>
  void operator()(T* object) const noexcept {
    delete object;
  }
};

}  // namespace trt
}  // namespace trtmap
