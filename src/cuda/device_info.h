// What the CUDA driver and runtime report, for `trtmap doctor` and for the
// capability probe of the GPU tests. Never throws for "no GPU": that is an
// answer, not an error.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace trtmap {
namespace cuda {

struct DeviceInfo {
  int index = 0;
  std::string name;
  int computeMajor = 0;
  int computeMinor = 0;
  std::size_t totalMemory = 0;
  int multiprocessors = 0;
  bool integrated = false;
  bool canMapHostMemory = false;
};

struct CudaInfo {
  bool compiledWithCuda = false;
  int driverVersion = 0;   // 0: no driver installed
  int runtimeVersion = 0;  // of the statically linked runtime
  std::vector<DeviceInfo> devices;
  // Why `devices` is empty, when it is (ERR_NO_CUDA_DEVICE or ERR_CUDA).
  std::string errorCode;
  std::string errorMessage;
};

CudaInfo queryCuda();

// Whether at least one device can be used; probed once per process.
bool cudaDeviceAvailable();

struct MemoryInfo {
  std::size_t freeBytes = 0;
  std::size_t totalBytes = 0;
};

// Of the current device; throws ERR_NO_CUDA_DEVICE without one.
MemoryInfo deviceMemoryInfo();

}  // namespace cuda
}  // namespace trtmap
