// What the double's libnvinfer shares: logging, the text format of models
// and plans, the weight and plugin registries, memory checks.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <sstream>

#include "fake.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define FAKE_POISON(address, size) ASAN_POISON_MEMORY_REGION(address, size)
#else
#define FAKE_POISON(address, size) ((void)(address), (void)(size))
#endif

// From the double's CUDA runtime (fake_cudart.cc).
extern "C" std::size_t trtmapFakeCudaBytesAt(const void* address, int* kind);

void trtmapFakeUnexpected(const char* method) noexcept {
  // A TensorRT method trtmap calls that the double does not model: loud, so
  // that a test cannot pass on a default value by accident.
  std::fprintf(stderr, "[trtmap TensorRT double] unexpected call: %s\n", method);
  if (std::getenv("TRTMAP_FAKE_STRICT") != nullptr) std::abort();
}

namespace fake {

namespace {

std::mutex mutex;
nvinfer1::ILogger* logger = nullptr;

struct WeightBlock {
  std::size_t bytes = 0;
  std::string owner;
  bool freed = false;
};
std::map<const void*, WeightBlock>& weightBlocks() {
  static auto* blocks = new std::map<const void*, WeightBlock>();
  return *blocks;
}

std::set<std::string>& plugins() {
  static auto* registered = new std::set<std::string>();
  return *registered;
}

void log(nvinfer1::ILogger::Severity severity, const std::string& text) {
  nvinfer1::ILogger* target = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex);
    target = logger;
  }
  if (target != nullptr) target->log(severity, text.c_str());
}

const char* const kDtypeNames[] = {"float32", "float16", "int8", "int32", "bool", "uint8", "fp8", "bfloat16", "int64"};
const std::size_t kDtypeSizes[] = {4, 2, 1, 4, 1, 1, 1, 2, 8};

std::string gpuTrait() {
  const char* gpu = std::getenv("TRTMAP_FAKE_GPU");
  return gpu != nullptr ? gpu : "";
}

}  // namespace

std::string versionText() {
  return std::to_string(kMajor) + "." + std::to_string(kMinor) + "." + std::to_string(kPatch);
}

void setLogger(nvinfer1::ILogger* value) {
  std::lock_guard<std::mutex> lock(mutex);
  if (value != nullptr) logger = value;
}

void error(const std::string& text) { log(nvinfer1::ILogger::Severity::kERROR, text); }
void warning(const std::string& text) { log(nvinfer1::ILogger::Severity::kWARNING, text); }
void info(const std::string& text) { log(nvinfer1::ILogger::Severity::kINFO, text); }

bool Spec::hasFlag(const std::string& flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::size_t dtypeSize(int dtype) {
  return dtype >= 0 && dtype < int(sizeof(kDtypeSizes) / sizeof(kDtypeSizes[0])) ? kDtypeSizes[dtype] : 0;
}

std::string dtypeName(int dtype) {
  return dtype >= 0 && dtype < int(sizeof(kDtypeSizes) / sizeof(kDtypeSizes[0])) ? kDtypeNames[dtype] : "?";
}

int dtypeFromName(const std::string& name) {
  for (int index = 0; index < int(sizeof(kDtypeSizes) / sizeof(kDtypeSizes[0])); ++index) {
    if (name == kDtypeNames[index]) return index;
  }
  return -1;
}

std::vector<std::int64_t> parseDims(const std::string& text) {
  std::vector<std::int64_t> dims;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) dims.push_back(std::strtoll(item.c_str(), nullptr, 10));
  }
  return dims;
}

std::string dimsText(const std::vector<std::int64_t>& dims) {
  std::string text;
  for (std::size_t axis = 0; axis < dims.size(); ++axis) text += (axis ? "," : "") + std::to_string(dims[axis]);
  return text.empty() ? "-" : text;
}

std::string formatDescription(const TensorSpec& tensor) {
  if (!tensor.format.empty()) return tensor.format;
  static const char* const precision[] = {"FP32", "FP16", "Int8", "Int32", "Bool", "UInt8", "FP8", "BF16", "Int64"};
  std::string type = tensor.dtype >= 0 && tensor.dtype < 9 ? precision[tensor.dtype] : "?";
  if (tensor.vectorizedDim >= 0 && tensor.components > 1) {
    return "Channel major " + type + " format where channel % " + std::to_string(tensor.components) + " == 0";
  }
  return "Row major linear " + type + " format";
}

std::size_t tensorBytes(const TensorSpec& tensor, const std::vector<std::int64_t>& dims) {
  std::size_t bytes = dtypeSize(tensor.dtype);
  for (std::size_t axis = 0; axis < dims.size(); ++axis) {
    std::size_t extent = std::size_t(dims[axis] < 0 ? 0 : dims[axis]);
    if (int(axis) == tensor.vectorizedDim && tensor.components > 1) {
      extent = (extent + std::size_t(tensor.components) - 1) / std::size_t(tensor.components) *
               std::size_t(tensor.components);
    }
    bytes *= extent;
  }
  return bytes;
}

int serializationVersion(int major, int minor) {
  // NVIDIA/TensorRT issue 3073: 8.2.1 -> 205, 8.4.3 -> 213, 8.5.3 -> 232.
  if (major == 8 && minor == 2) return 205;
  if (major == 8 && minor == 4) return 213;
  if (major == 8 && minor == 5) return 232;
  return 0;
}

std::string planBytes(const Spec& spec) {
  std::string header(32, '\0');
  const bool modern = kMajor > 8 || kMinor >= 6;
  std::memcpy(&header[0], modern ? "ftrt" : "ptrt", 4);
  header[8] = char(serializationVersion(kMajor, kMinor));
  header[24] = char(kMajor);
  header[25] = char(kMinor);
  header[26] = char(kPatch);
  return header + "TRTMAP-FAKE-PLAN\n" + formatSpec(spec);
}

void* allocateWeights(std::size_t bytes, const std::string& owner) {
  auto* block = static_cast<unsigned char*>(std::malloc(bytes == 0 ? 1 : bytes));
  std::memset(block, 0x11, bytes);
  std::lock_guard<std::mutex> lock(mutex);
  weightBlocks()[block] = {bytes, owner, false};
  return block;
}

void freeWeights(void* weights) {
  std::lock_guard<std::mutex> lock(mutex);
  auto found = weightBlocks().find(weights);
  if (found == weightBlocks().end() || found->second.freed) return;
  // Kept allocated but poisoned: the builder's check below reports a read
  // deterministically, and AddressSanitizer reports any other read.
  std::memset(weights, 0xDB, found->second.bytes);
  FAKE_POISON(weights, found->second.bytes);
  found->second.freed = true;
}

bool weightsFreed(const void* weights) {
  std::lock_guard<std::mutex> lock(mutex);
  auto found = weightBlocks().find(weights);
  return found != weightBlocks().end() && found->second.freed;
}

bool pluginRegistered(const std::string& name, const std::string& version) {
  std::lock_guard<std::mutex> lock(mutex);
  return plugins().count(name + ":" + version) != 0;
}

std::string missingPluginMessage(const std::string& name, const std::string& version) {
  // The words TensorRT logs (8.x getPluginCreator; 10.x IPluginRegistry::getCreator).
  if (kMajor == 8) return "3: getPluginCreator could not find plugin: " + name + " version: " + version;
  return "IPluginRegistry::getCreator: Error Code 4: API Usage Error (Cannot find plugin: " + name +
         ", version: " + version + ", namespace:.)";
}

std::size_t bytesAt(const void* address, MemoryKind& kind) {
  int value = 0;
  std::size_t bytes = trtmapFakeCudaBytesAt(address, &value);
  kind = MemoryKind(value);
  return bytes;
}

bool checkMemory(const std::string& what, const void* address, std::size_t bytes, bool hostTensor) {
  if (address == nullptr) {
    error("3: [executionContext.cpp::enqueue] Error Code 3: API Usage Error (" + what + ": address is null)");
    return false;
  }
  if (reinterpret_cast<std::uintptr_t>(address) % 256 != 0) {
    error("3: Error Code 3: API Usage Error (" + what +
          ": the address is not 256-byte aligned; TensorRT requires at least 256-byte alignment)");
    return false;
  }
  MemoryKind kind = MemoryKind::Unknown;
  std::size_t available = bytesAt(address, kind);
  if (hostTensor && kind == MemoryKind::Device) {
    error("3: Error Code 3: API Usage Error (" + what +
          " is located on the host (TensorLocation::kHOST) but its address is device memory)");
    return false;
  }
  if (!hostTensor && kind == MemoryKind::Unknown) {
    error("3: Error Code 3: API Usage Error (" + what + ": the address is not memory the device can access)");
    return false;
  }
  if (kind != MemoryKind::Unknown && available < bytes) {
    error("1: [fake] Error Code 1: Cuda Runtime (" + what + " needs " + std::to_string(bytes) +
          " bytes at its address but the allocation holds " + std::to_string(available) + ")");
    return false;
  }
  return true;
}

bool fastFp16() { return true; }
bool fastInt8() { return gpuTrait() != "nano"; }
std::string gpuName() { return gpuTrait() == "nano" ? "fake NVIDIA Tegra X1" : "fake GeForce RTX 3080"; }
int dlaCores() { return gpuTrait() == "xavier" ? 2 : 0; }

}  // namespace fake

// Plugin libraries of the double register their creators through this (real
// ones call getPluginRegistry()->registerCreator from static initializers).
TRTMAP_FAKE_EXPORT void trtmapFakeRegisterPlugin(const char* name, const char* version) {
  std::lock_guard<std::mutex> lock(fake::mutex);
  fake::plugins().insert(std::string(name) + ":" + version);
}
