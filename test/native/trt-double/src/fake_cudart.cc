// The CUDA runtime of the TensorRT test double (libcudart.so.<major>), for
// machines without a GPU: "device" memory is aligned host memory the double
// keeps a registry of (so that the fake libnvinfer can check that an address
// is device memory and holds the bytes a tensor needs), copies are memcpy,
// events read a clock, graphs cannot be captured, kernels do not run.
// TRTMAP_FAKE_GPU picks the device: "nano" (integrated, compute 5.3, no fast
// INT8), "xavier" (integrated, 7.2, two DLA cores); default a discrete 8.6 GPU.
#include <cuda_runtime_api.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#define FAKE_CUDA_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

enum Kind { kUnknown = 0, kDevice = 1, kPinned = 2, kMapped = 3 };

struct Allocation {
  std::size_t bytes;
  Kind kind;
};

std::mutex mutex;
std::map<std::uintptr_t, Allocation>& allocations() {
  static auto* map = new std::map<std::uintptr_t, Allocation>();
  return *map;
}

std::string gpu() {
  const char* value = std::getenv("TRTMAP_FAKE_GPU");
  return value != nullptr ? value : "";
}

void* allocate(std::size_t bytes, Kind kind) {
  std::size_t rounded = (bytes + 255) / 256 * 256;
  void* memory = std::aligned_alloc(kind == kDevice ? 256 : 4096, rounded == 0 ? 256 : (rounded + 4095) / 4096 * 4096);
  if (memory == nullptr) return nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  allocations()[reinterpret_cast<std::uintptr_t>(memory)] = {bytes, kind};
  return memory;
}

cudaError_t release(void* memory) {
  if (memory == nullptr) return cudaSuccess;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (allocations().erase(reinterpret_cast<std::uintptr_t>(memory)) == 0) return cudaErrorInvalidValue;
  }
  std::free(memory);
  return cudaSuccess;
}

struct Event {
  std::chrono::steady_clock::time_point time;
};

struct Stream {
  int unused = 0;
};

}  // namespace

// For the fake libnvinfer: bytes from `address` to the end of the allocation
// holding it (0 when it is none of this runtime's), and its kind.
FAKE_CUDA_EXPORT std::size_t trtmapFakeCudaBytesAt(const void* address, int* kind) {
  std::lock_guard<std::mutex> lock(mutex);
  auto value = reinterpret_cast<std::uintptr_t>(address);
  auto found = allocations().upper_bound(value);
  *kind = kUnknown;
  if (found == allocations().begin()) return 0;
  --found;
  if (value >= found->first + found->second.bytes) return 0;
  *kind = found->second.kind;
  return found->first + found->second.bytes - value;
}

FAKE_CUDA_EXPORT cudaError_t cudaMalloc(void** pointer, std::size_t bytes) {
  *pointer = allocate(bytes, kDevice);
  return *pointer != nullptr ? cudaSuccess : cudaErrorMemoryAllocation;
}

FAKE_CUDA_EXPORT cudaError_t cudaFree(void* pointer) { return release(pointer); }

FAKE_CUDA_EXPORT cudaError_t cudaHostAlloc(void** pointer, std::size_t bytes, unsigned int flags) {
  *pointer = allocate(bytes, (flags & cudaHostAllocMapped) != 0 ? kMapped : kPinned);
  return *pointer != nullptr ? cudaSuccess : cudaErrorMemoryAllocation;
}

FAKE_CUDA_EXPORT cudaError_t cudaFreeHost(void* pointer) { return release(pointer); }

FAKE_CUDA_EXPORT cudaError_t cudaHostGetDevicePointer(void** device, void* host, unsigned int) {
  *device = host;  // unified addressing: the same address
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaPointerGetAttributes(cudaPointerAttributes* attributes, const void* pointer) {
  std::memset(attributes, 0, sizeof(*attributes));
  int kind = kUnknown;
  trtmapFakeCudaBytesAt(pointer, &kind);
  attributes->type = kind == kDevice ? cudaMemoryTypeDevice : kind == kUnknown ? cudaMemoryTypeUnregistered
                                                                               : cudaMemoryTypeHost;
  attributes->devicePointer = kind == kUnknown ? nullptr : const_cast<void*>(pointer);
  attributes->hostPointer = kind == kDevice ? nullptr : const_cast<void*>(pointer);
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaMemcpy(void* destination, const void* source, std::size_t bytes, cudaMemcpyKind) {
  if (bytes > 0) std::memmove(destination, source, bytes);
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaMemcpyAsync(void* destination, const void* source, std::size_t bytes,
                                             cudaMemcpyKind kind, cudaStream_t) {
  return cudaMemcpy(destination, source, bytes, kind);
}

FAKE_CUDA_EXPORT cudaError_t cudaMemset(void* destination, int value, std::size_t bytes) {
  std::memset(destination, value, bytes);
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaMemsetAsync(void* destination, int value, std::size_t bytes, cudaStream_t) {
  return cudaMemset(destination, value, bytes);
}

FAKE_CUDA_EXPORT cudaError_t cudaMemGetInfo(std::size_t* free, std::size_t* total) {
  *total = std::size_t(8) << 30;
  *free = *total / 2;
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int) {
  *stream = reinterpret_cast<cudaStream_t>(new Stream());
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaStreamCreate(cudaStream_t* stream) { return cudaStreamCreateWithFlags(stream, 0); }

FAKE_CUDA_EXPORT cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  delete reinterpret_cast<Stream*>(stream);
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }

FAKE_CUDA_EXPORT cudaError_t cudaStreamWaitEvent(cudaStream_t, cudaEvent_t, unsigned int) { return cudaSuccess; }

FAKE_CUDA_EXPORT cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }

FAKE_CUDA_EXPORT cudaError_t cudaEventCreate(cudaEvent_t* event) {
  *event = reinterpret_cast<cudaEvent_t>(new Event());
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned int) { return cudaEventCreate(event); }

FAKE_CUDA_EXPORT cudaError_t cudaEventDestroy(cudaEvent_t event) {
  delete reinterpret_cast<Event*>(event);
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t) {
  reinterpret_cast<Event*>(event)->time = std::chrono::steady_clock::now();
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaEventSynchronize(cudaEvent_t) { return cudaSuccess; }

FAKE_CUDA_EXPORT cudaError_t cudaEventQuery(cudaEvent_t) { return cudaSuccess; }

FAKE_CUDA_EXPORT cudaError_t cudaEventElapsedTime(float* milliseconds, cudaEvent_t start, cudaEvent_t end) {
  auto elapsed = reinterpret_cast<Event*>(end)->time - reinterpret_cast<Event*>(start)->time;
  *milliseconds = std::chrono::duration<float, std::milli>(elapsed).count();
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaStreamBeginCapture(cudaStream_t, cudaStreamCaptureMode) { return cudaSuccess; }

// Nothing is recorded, so there is no graph to replay: trtmap then enqueues
// normally, as it does where a plugin cannot be captured.
FAKE_CUDA_EXPORT cudaError_t cudaStreamEndCapture(cudaStream_t, cudaGraph_t* graph) {
  *graph = nullptr;
  return cudaErrorStreamCaptureUnsupported;
}

FAKE_CUDA_EXPORT cudaError_t cudaGraphInstantiate(cudaGraphExec_t*, cudaGraph_t, unsigned long long) {
  return cudaErrorNotSupported;
}
FAKE_CUDA_EXPORT cudaError_t cudaGraphLaunch(cudaGraphExec_t, cudaStream_t) { return cudaErrorNotSupported; }
FAKE_CUDA_EXPORT cudaError_t cudaGraphDestroy(cudaGraph_t) { return cudaSuccess; }
FAKE_CUDA_EXPORT cudaError_t cudaGraphExecDestroy(cudaGraphExec_t) { return cudaSuccess; }

FAKE_CUDA_EXPORT cudaError_t cudaGetDeviceCount(int* count) {
  *count = 1;
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaGetDevice(int* device) {
  *device = 0;
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaSetDevice(int) { return cudaSuccess; }

FAKE_CUDA_EXPORT cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attribute, int) {
  const bool integrated = gpu() == "nano" || gpu() == "xavier";
  switch (attribute) {
    case cudaDevAttrIntegrated: *value = integrated ? 1 : 0; break;
    case cudaDevAttrCanMapHostMemory: *value = 1; break;
    case cudaDevAttrComputeCapabilityMajor: *value = gpu() == "nano" ? 5 : gpu() == "xavier" ? 7 : 8; break;
    case cudaDevAttrComputeCapabilityMinor: *value = gpu() == "nano" ? 3 : gpu() == "xavier" ? 2 : 6; break;
    case cudaDevAttrMultiProcessorCount: *value = gpu() == "nano" ? 1 : 68; break;
    default: *value = 0; break;
  }
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaGetDeviceProperties(cudaDeviceProp* properties, int device) {
  std::memset(properties, 0, sizeof(*properties));
  std::string name = gpu() == "nano" ? "fake NVIDIA Tegra X1 (TensorRT test double)"
                     : gpu() == "xavier" ? "fake Xavier (TensorRT test double)"
                                         : "fake GeForce RTX 3080 (TensorRT test double)";
  std::strncpy(properties->name, name.c_str(), sizeof(properties->name) - 1);
  cudaDeviceGetAttribute(&properties->major, cudaDevAttrComputeCapabilityMajor, device);
  cudaDeviceGetAttribute(&properties->minor, cudaDevAttrComputeCapabilityMinor, device);
  cudaDeviceGetAttribute(&properties->integrated, cudaDevAttrIntegrated, device);
  cudaDeviceGetAttribute(&properties->multiProcessorCount, cudaDevAttrMultiProcessorCount, device);
  properties->canMapHostMemory = 1;
  properties->totalGlobalMem = gpu() == "nano" ? std::size_t(4) << 30 : std::size_t(10) << 30;
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaDriverGetVersion(int* version) {
  *version = CUDART_VERSION;
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaRuntimeGetVersion(int* version) {
  *version = CUDART_VERSION;
  return cudaSuccess;
}

FAKE_CUDA_EXPORT cudaError_t cudaGetLastError() { return cudaSuccess; }
FAKE_CUDA_EXPORT cudaError_t cudaPeekAtLastError() { return cudaSuccess; }

FAKE_CUDA_EXPORT const char* cudaGetErrorName(cudaError_t error) {
  return error == cudaSuccess ? "cudaSuccess" : "cudaErrorFromTheTestDouble";
}

FAKE_CUDA_EXPORT const char* cudaGetErrorString(cudaError_t error) {
  return error == cudaSuccess ? "no error" : "an error of the CUDA runtime test double (kernels do not run here)";
}

// Kernels (trtmap's preprocessing and copy kernels) are registered and never run.
FAKE_CUDA_EXPORT cudaError_t cudaLaunchKernel(const void*, dim3, dim3, void**, std::size_t, cudaStream_t) {
  return cudaErrorNotSupported;
}
FAKE_CUDA_EXPORT void** __cudaRegisterFatBinary(void*) {
  static void* handle = nullptr;
  return &handle;
}
FAKE_CUDA_EXPORT void __cudaRegisterFatBinaryEnd(void**) {}
FAKE_CUDA_EXPORT void __cudaUnregisterFatBinary(void**) {}
FAKE_CUDA_EXPORT void __cudaRegisterFunction(void**, const char*, char*, const char*, int, void*, void*, void*, void*,
                                             int*) {}
FAKE_CUDA_EXPORT void __cudaRegisterVar(void**, char*, char*, const char*, int, std::size_t, int, int) {}
FAKE_CUDA_EXPORT unsigned __cudaPushCallConfiguration(dim3, dim3, std::size_t, void*) { return 0; }
FAKE_CUDA_EXPORT cudaError_t __cudaPopCallConfiguration(dim3*, dim3*, std::size_t*, void*) { return cudaSuccess; }
// CUDA 13's kernel launch entry points (crt/device_functions.h); declared
// here as they are there, since cuda_runtime_api.h does not.
#if CUDART_VERSION >= 13000
FAKE_CUDA_EXPORT cudaError_t __cudaGetKernel(cudaKernel_t* kernel, const void*) {
  *kernel = nullptr;
  return cudaSuccess;
}
FAKE_CUDA_EXPORT cudaError_t __cudaLaunchKernel(cudaKernel_t, dim3, dim3, void**, std::size_t, cudaStream_t) {
  return cudaErrorNotSupported;
}
#endif
