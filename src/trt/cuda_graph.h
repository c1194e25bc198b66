// Capture of one enqueue into a CUDA graph and its replay, valid while the
// tensor addresses and shapes stay those it was captured with.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "trt/api.h"

namespace trtmap {
namespace trt {

class CudaGraph {
 public:
  CudaGraph() = default;
  CudaGraph(const CudaGraph&) = delete;
  CudaGraph& operator=(const CudaGraph&) = delete;
  ~CudaGraph();

  // True when a graph captured for `key` can be replayed.
  bool matches(const std::vector<std::int64_t>& key) const { return exec_ != nullptr && key == key_; }
  // Captures `enqueue` on `stream` (recorded, not executed). Returns false
  // when the work cannot be captured (some plugins); the caller then enqueues
  // normally from now on.
  bool capture(cudaStream_t stream, const std::vector<std::int64_t>& key,
               const std::function<bool()>& enqueue);
  void launch(cudaStream_t stream);
  bool unsupported() const { return unsupported_; }

 private:
  void reset();

  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t exec_ = nullptr;
  std::vector<std::int64_t> key_;
  bool unsupported_ = false;
};

}  // namespace trt
}  // namespace trtmap
