// The TensorRT test double: what its libraries share. It implements the
// TensorRT interfaces trtmap calls, checks each call against the rule the
// TensorRT headers document for it, and logs a violation through the
// application's ILogger the way TensorRT does (then fails the call). It
// EXECUTES NOTHING: no layer runs, no output is an inference result; an
// enqueue only checks the memory it was given and fills outputs with a
// fixed byte pattern.
//
// Models and plans are text (see README.md): a "model" is a list of inputs,
// outputs and layers; a "plan" is a 32-byte header laid out as real plans
// are (magic, serialization version at byte 8, TensorRT major/minor/patch at
// bytes 24-26) followed by that text and what the builder recorded.
#pragma once

#include <NvInfer.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#define TRTMAP_FAKE_EXPORT extern "C" __attribute__((visibility("default")))

namespace fake {

// Version of the headers the double is compiled against: it is that TensorRT.
constexpr int kMajor = NV_TENSORRT_MAJOR;
constexpr int kMinor = NV_TENSORRT_MINOR;
constexpr int kPatch = NV_TENSORRT_PATCH;
std::string versionText();

// Logging through the application's logger, as TensorRT reports errors.
void setLogger(nvinfer1::ILogger* logger);
void error(const std::string& text);
void warning(const std::string& text);
void info(const std::string& text);

struct TensorSpec {
  std::string name;
  int dtype = 0;  // nvinfer1::DataType as a number (header-independent)
  std::vector<std::int64_t> dims;
  bool host = false;         // TensorLocation::kHOST (10.x) / a pure shape binding (8.x)
  bool shapeTensor = false;  // its values are read on the host (8.x: setInputShapeBinding)
  int vectorizedDim = -1;
  int components = 1;
  std::vector<std::int64_t> produces;  // outputs of data-dependent shape: the shape a run reports
  std::string format;                  // description; derived when empty
};

struct LayerSpec {
  std::string name;
  std::string type = "Convolution";
  std::size_t weightBytes = 0;
  std::string plugin, pluginVersion;  // type "PluginV2"
  std::string precision;              // fp32 | fp16 | int8 (strongly typed models, and built plans)
};

struct ProfileSpec {
  std::map<std::string, std::vector<std::vector<std::int64_t>>> shapes;  // input -> min, opt, max
};

// A model (parsed by the fake parsers) or a plan (built, or written by a test).
struct Spec {
  std::vector<TensorSpec> inputs, outputs;
  std::vector<LayerSpec> layers;
  std::vector<ProfileSpec> profiles;
  int implicitBatch = 0;  // max batch of an implicit-batch (UFF) engine; 0: explicit
  bool versionCompatible = false;
  bool detailed = false;  // ProfilingVerbosity::kDETAILED
  int dlaCore = -1;
  std::vector<std::string> flags;  // builder flags the plan was built with
  std::int64_t workspace = 0;
  std::string uffInputOrder;
  std::string failBuild;       // model: the builder fails with this message
  std::string errorOnLoad;     // plan: an error logged while deserializing, which still succeeds
  std::string warnOnEnqueue;   // plan: a warning logged by every enqueue
  std::size_t deviceMemory = 4096;
  bool hasFlag(const std::string& flag) const;
};

// Parses `text` (after its first line); returns false with `problem` set.
bool parseSpec(const std::string& text, Spec& spec, std::string& problem);
std::string formatSpec(const Spec& spec);
std::vector<std::int64_t> parseDims(const std::string& text);
std::string dimsText(const std::vector<std::int64_t>& dims);
std::size_t dtypeSize(int dtype);
std::string dtypeName(int dtype);
int dtypeFromName(const std::string& name);
std::string formatDescription(const TensorSpec& tensor);

// The plan header, laid out as real plans are (NVIDIA/TensorRT issue 3073):
// 8.6 and later start with "ftrt" and carry major/minor/patch at bytes
// 24/25/26; older 8.x plans carry a serialization version at byte 8.
std::string planBytes(const Spec& spec);
int serializationVersion(int major, int minor);

// Weights the fake parsers own: freed (and poisoned) with the parser; the
// builder checks them when it reads them.
void* allocateWeights(std::size_t bytes, const std::string& owner);
void freeWeights(void* weights);
bool weightsFreed(const void* weights);

// Plugin creators registered with the double's registry ("name:version").
bool pluginRegistered(const std::string& name, const std::string& version);
std::string missingPluginMessage(const std::string& name, const std::string& version);

// Memory as the fake CUDA runtime knows it: bytes from `address` to the end
// of its allocation (0: not an allocation it made) and its kind.
enum class MemoryKind { Unknown = 0, Device = 1, PinnedHost = 2, MappedHost = 3 };
std::size_t bytesAt(const void* address, MemoryKind& kind);
// Checks `bytes` of `tensor` at `address` for a read or a write: registered
// memory must hold them; kHOST tensors need host memory, others memory the
// device can reach. Logs and returns false otherwise.
bool checkMemory(const std::string& what, const void* address, std::size_t bytes, bool hostTensor);

// Volume of `dims` with the vectorized dimension padded to a multiple of the
// components (TensorRT's vectorized formats), times the element size.
std::size_t tensorBytes(const TensorSpec& tensor, const std::vector<std::int64_t>& dims);

// GPU traits, from the environment: TRTMAP_FAKE_GPU=nano (no fast INT8,
// compute 5.3, integrated), default a discrete compute 8.6 GPU.
bool fastFp16();
bool fastInt8();
std::string gpuName();
int dlaCores();

}  // namespace fake
