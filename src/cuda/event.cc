#include "cuda/event.h"

#include "core/error.h"
#include "cuda/check.h"
#include "cuda/stream.h"

namespace trtmap {
namespace cuda {

#if TRTMAP_HAS_CUDA

Event::Event() { TRTMAP_CUDA_TRY(cudaEventCreate(&handle_)); }

Event::~Event() {
  if (handle_ != nullptr) cudaEventDestroy(handle_);
  cudaGetLastError();
}

void Event::record(Stream& stream) { TRTMAP_CUDA_TRY(cudaEventRecord(handle_, stream.handle())); }

void Event::synchronize() { TRTMAP_CUDA_TRY(cudaEventSynchronize(handle_)); }

float Event::elapsedSince(const Event& start) const {
  float milliseconds = 0;
  TRTMAP_CUDA_TRY(cudaEventElapsedTime(&milliseconds, start.handle_, handle_));
  return milliseconds;
}

#else

[[noreturn]] static void noCuda() {
  throw Error("ERR_NO_CUDA_DEVICE", "this build of the trtmap addon has no CUDA support");
}

Event::Event() { noCuda(); }
Event::~Event() = default;
void Event::record(Stream&) { noCuda(); }
void Event::synchronize() { noCuda(); }
float Event::elapsedSince(const Event&) const { noCuda(); }

#endif

}  // namespace cuda
}  // namespace trtmap
