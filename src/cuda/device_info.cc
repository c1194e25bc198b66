#include "cuda/device_info.h"

#include <mutex>

#include "core/error.h"
#include "cuda/check.h"

namespace trtmap {
namespace cuda {

#if TRTMAP_HAS_CUDA

static DeviceInfo describeDevice(int index) {
  cudaDeviceProp properties{};
  TRTMAP_CUDA_TRY(cudaGetDeviceProperties(&properties, index));
  DeviceInfo info;
  info.index = index;
  info.name = properties.name;
  info.computeMajor = properties.major;
  info.computeMinor = properties.minor;
  info.totalMemory = properties.totalGlobalMem;
  info.multiprocessors = properties.multiProcessorCount;
  info.integrated = properties.integrated != 0;
  info.canMapHostMemory = properties.canMapHostMemory != 0;
  return info;
}

CudaInfo queryCuda() {
  CudaInfo info;
  info.compiledWithCuda = true;
  // Both succeed without a driver (the driver version is then 0).
  cudaDriverGetVersion(&info.driverVersion);
  cudaRuntimeGetVersion(&info.runtimeVersion);
  try {
    int count = 0;
    TRTMAP_CUDA_TRY(cudaGetDeviceCount(&count));
    for (int index = 0; index < count; ++index) info.devices.push_back(describeDevice(index));
    if (count == 0) {
      info.errorCode = "ERR_NO_CUDA_DEVICE";
      info.errorMessage = "the CUDA driver reports no device";
    }
  } catch (const Error& error) {
    info.devices.clear();
    info.errorCode = error.code();
    info.errorMessage = error.what();
  }
  return info;
}

bool cudaDeviceAvailable() {
  static std::once_flag probed;
  static bool available = false;
  std::call_once(probed, [] {
    int count = 0;
    available = cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
    cudaGetLastError();
  });
  return available;
}

MemoryInfo deviceMemoryInfo() {
  MemoryInfo info;
  TRTMAP_CUDA_TRY(cudaMemGetInfo(&info.freeBytes, &info.totalBytes));
  return info;
}

#else

CudaInfo queryCuda() {
  CudaInfo info;
  info.errorCode = "ERR_NO_CUDA_DEVICE";
  info.errorMessage = "this build of the trtmap addon has no CUDA support";
  return info;
}

bool cudaDeviceAvailable() { return false; }

MemoryInfo deviceMemoryInfo() {
  throw Error("ERR_NO_CUDA_DEVICE", "this build of the trtmap addon has no CUDA support");
}

#endif

}  // namespace cuda
}  // namespace trtmap
