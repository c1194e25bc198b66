// Plain data that crosses between the TensorRT layer, its bindings and worker
// threads. No TensorRT or Node-API types: this header compiles everywhere,
// also in an addon built without the TensorRT headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trtmap {
namespace trt {

// What `trtmap doctor` and ERR_TENSORRT_* errors report.
struct LibraryStatus {
  bool compiled = false;           // built with TensorRT headers
  std::string compiledVersion;     // "8.2.1" (headers), empty without
  bool loaded = false;             // libnvinfer opened and its version accepted
  std::string loadedVersion;       // from getInferLibVersion()
  std::vector<std::string> libraries;  // what was opened (or looked for)
  std::string errorCode;           // ERR_TENSORRT_NOT_FOUND / ERR_TENSORRT_VERSION
  std::string errorMessage;
  bool uffParser = false;          // compiled with NvUffParser.h (8.x)
  // "": builds can find libnvinfer_builder_resource; else what to do.
  std::string builderResourceHint;
};

struct TensorDescription {
  std::string name;
  bool isInput = false;
  std::string dtype;   // float32, float16, int8, int32, bool, uint8, ...
  std::size_t elementSize = 0;  // bytes; 0 for sub-byte types (not bindable)
  std::string format;  // TensorRT's format description, e.g. "Row major linear FP32"
  // Vectorized formats (kCHW4, kCHW32, kHWC8, ...): the vectorized dimension
  // (-1 for linear formats) and the components packed per element; buffers
  // hold that dimension rounded up to a multiple of the components.
  int vectorizedDim = -1;
  int componentsPerElement = 1;
  // Shape tensors: TensorRT reads their values on the host (10.x: location
  // kHOST, given by setTensorAddress; 8.x: input shape bindings, given by
  // setInputShapeBinding) ...
  bool hostValues = false;
  // ... and the address TensorRT gets is host memory (10.x: kHOST; 8.x: a
  // shape binding that is not also an execution binding).
  bool onHost = false;
  std::vector<std::int64_t> shape;  // -1 for a dynamic dimension
  // Optimization profile 0 (inputs with dynamic dimensions only).
  std::vector<std::int64_t> profileMin, profileOpt, profileMax;
};

struct EngineDescription {
  std::vector<TensorDescription> tensors;
  std::size_t deviceMemorySize = 0;
  int optimizationProfiles = 0;
  int layers = 0;
  // Engines built from UFF on TensorRT 8: the leading batch dimension is not
  // part of the tensor shapes; `shape` shows it as -1 up to maxBatchSize.
  bool implicitBatch = false;
  int maxBatchSize = 0;
  std::string tensorRtVersion;  // of the library that deserialized it
  // Bindings per optimization profile (TensorRT 8: profile k's bindings are
  // those of profile 0 shifted by k times this).
  int bindingsPerProfile = 0;
};

struct RunTimings {
  double hostToDeviceMs = 0;
  double computeMs = 0;
  double deviceToHostMs = 0;
  bool graphReplayed = false;
};

// How a run moved its host memory: "copy" (staged through device buffers on
// the stream) or "direct" (mapped memory given to TensorRT), and, for
// 'auto' on an integrated GPU, whether that was a trial run or the choice
// made from measuring both.
struct TransferReport {
  std::string used = "copy";  // copy | direct | none (device memory only)
  std::string reason;         // why, in words
};

}  // namespace trt
}  // namespace trtmap
