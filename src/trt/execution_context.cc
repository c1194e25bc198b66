#include "trt/execution_context.h"

#include "cuda/check.h"
#include "trt/check.h"
#include "trt/execution_context_impl.h"

namespace trtmap {
namespace trt {

namespace {

bool isIntegratedGpu() {
  int device = 0, integrated = 0;
  TRTMAP_CUDA_TRY(cudaGetDevice(&device));
  TRTMAP_CUDA_TRY(cudaDeviceGetAttribute(&integrated, cudaDevAttrIntegrated, device));
  return integrated != 0;
}

}  // namespace

std::size_t elementCount(const std::vector<std::int64_t>& shape) {
  std::size_t count = 1;
  for (auto extent : shape) count *= std::size_t(extent < 0 ? 0 : extent);
  return count;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    text += (axis ? "," : "") + std::to_string(shape[axis]);
  }
  return text + "]";
}

void* ExecutionContext::Impl::stagingFor(const std::string& name, std::size_t bytes) {
  auto& memory = staging[name];
  if (!memory || memory->size() < bytes) {
    memory.reset();  // free first: device memory may be tight (Jetson Nano)
    memory = cuda::DeviceMemory::allocate(bytes == 0 ? 1 : bytes);
  }
  return memory->data();
}

// Mapped host memory is read and written by the GPU in place: free on an
// integrated GPU (same DRAM), a PCIe round trip per access on a discrete one.
bool ExecutionContext::Impl::usesDirectly(const TensorBinding& binding, Transfer transfer) const {
  if (binding.hostPointer == nullptr) return true;  // device memory
  if (transfer == Transfer::Direct) {
    if (!binding.mapped) {
      throw Error("ERR_INVALID_ARGUMENT",
                  "transfer 'direct' needs mapped HostBuffers, and the one for " + binding.name +
                      " is not mapped");
    }
    return true;
  }
  return transfer == Transfer::Auto && binding.mapped && integrated;
}

ExecutionContext::ExecutionContext() : impl_(new Impl()) {}
ExecutionContext::~ExecutionContext() = default;

std::shared_ptr<ExecutionContext> ExecutionContext::create(std::shared_ptr<Engine> engine, LogSink* sink) {
  ScopedLogSink logTo(sink);
  std::shared_ptr<ExecutionContext> context(new ExecutionContext());
  Impl& impl = *context->impl_;
  impl.engine = std::move(engine);
  impl.context.reset(impl.engine->impl().engine->createExecutionContext());
  TRTMAP_TRT_CHECK(impl.context, "ERR_TRT_ENGINE",
                   "TensorRT could not create an execution context (it needs " +
                       std::to_string(impl.engine->description().deviceMemorySize) +
                       " bytes of device memory)");
  impl.integrated = isIntegratedGpu();
  return context;
}

RunResult ExecutionContext::run(const RunRequest& request) {
  // A TensorRT execution context runs one enqueue at a time.
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->run(request);
}

}  // namespace trt
}  // namespace trtmap
