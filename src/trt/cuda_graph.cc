#include "trt/cuda_graph.h"

#include "cuda/check.h"

namespace trtmap {
namespace trt {

CudaGraph::~CudaGraph() { reset(); }

void CudaGraph::reset() {
  if (exec_ != nullptr) cudaGraphExecDestroy(exec_);
  if (graph_ != nullptr) cudaGraphDestroy(graph_);
  exec_ = nullptr;
  graph_ = nullptr;
}

bool CudaGraph::capture(cudaStream_t stream, const std::vector<std::int64_t>& key,
                        const std::function<bool()>& enqueue) {
  reset();
  // Thread-local mode: other threads (other contexts, copies) may keep
  // calling CUDA while this one captures.
  TRTMAP_CUDA_TRY(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
  bool enqueued = enqueue();
  cudaGraph_t graph = nullptr;
  cudaError_t ended = cudaStreamEndCapture(stream, &graph);
  if (!enqueued || ended != cudaSuccess || graph == nullptr) {
    if (graph != nullptr) cudaGraphDestroy(graph);
    cudaGetLastError();  // the failed capture must not be reported by a later check
    unsupported_ = true;
    return false;
  }
  graph_ = graph;
#if CUDART_VERSION >= 12000
  cudaError_t instantiated = cudaGraphInstantiate(&exec_, graph_, 0);
#else
  cudaError_t instantiated = cudaGraphInstantiate(&exec_, graph_, nullptr, nullptr, 0);
#endif
  if (instantiated != cudaSuccess) {
    exec_ = nullptr;
    reset();
    cudaGetLastError();
    unsupported_ = true;
    return false;
  }
  key_ = key;
  return true;
}

void CudaGraph::launch(cudaStream_t stream) { TRTMAP_CUDA_TRY(cudaGraphLaunch(exec_, stream)); }

}  // namespace trt
}  // namespace trtmap
