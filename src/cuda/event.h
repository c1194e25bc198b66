// A CUDA event, for timing work on a stream.
#pragma once

#include "cuda/cuda_runtime.h"

namespace trtmap {
namespace cuda {

class Stream;

class Event {
 public:
  Event();  // throws ERR_NO_CUDA_DEVICE without a device
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event();

  void record(Stream& stream);
  void synchronize();
  // Milliseconds from `start` to this event; both must have completed.
  float elapsedSince(const Event& start) const;

#if TRTMAP_HAS_CUDA
 private:
  cudaEvent_t handle_ = nullptr;
#endif
};

}  // namespace cuda
}  // namespace trtmap
