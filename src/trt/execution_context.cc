#include "trt/execution_context.h"

#include <cstdio>

#include "cuda/check.h"
#include "trt/check.h"
#include "trt/engine.h"
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

std::string milliseconds(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.3f ms", value);
  return text;
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

bool AutoTransfer::nextDirect(bool& trial) const {
  trial = decided_ < 0;
  if (!trial) return decided_ == 1;
  return runs_[1] <= runs_[0];  // alternate, direct first
}

void AutoTransfer::record(bool direct, double milliseconds) {
  if (decided_ >= 0) return;
  int kind = direct ? 1 : 0;
  if (runs_[kind]++ > 0) milliseconds_[kind] += milliseconds;  // the first is a warm-up
  if (runs_[0] > kTrialsEach && runs_[1] > kTrialsEach) decided_ = milliseconds_[1] < milliseconds_[0] ? 1 : 0;
}

std::string AutoTransfer::describe(bool direct, bool trial) const {
  if (trial) {
    return std::string("measuring: ") + (direct ? "mapped memory given to TensorRT" : "copies on the stream") +
           " (run " + std::to_string(runs_[0] + runs_[1] + 1) + " of " + std::to_string(2 * (kTrialsEach + 1)) + ")";
  }
  return std::string("measured on this integrated GPU: mapped memory ") +
         milliseconds(milliseconds_[1] / kTrialsEach) + " vs copies " + milliseconds(milliseconds_[0] / kTrialsEach) +
         " per run: " + (direct ? "mapped memory" : "copies");
}

void* ExecutionContext::Impl::stagingFor(const std::string& name, std::size_t bytes) {
  auto& memory = staging[name];
  if (!memory || memory->size() < bytes) {
    memory.reset();  // free first: device memory may be tight (Jetson Nano)
    memory = cuda::DeviceMemory::allocate(bytes == 0 ? 1 : bytes);
  }
  return memory->data();
}

void* ExecutionContext::Impl::hostStagingFor(const std::string& name, std::size_t bytes) {
  AlignedHostMemory& memory = hostStaging[name];
  if (!memory.data || memory.size < bytes) {
    void* data = nullptr;
    if (posix_memalign(&data, kAddressAlignment, bytes == 0 ? 1 : bytes) != 0) {
      throw Error("ERR_INTERNAL", "out of host memory staging " + name);
    }
    memory.data.reset(data);
    memory.size = bytes;
  }
  return memory.data.get();
}

// Mapped host memory is read and written by the GPU in place: no copies,
// but a PCIe round trip per access on a discrete GPU, and uncached accesses
// on integrated GPUs below compute capability 7.2 (see AutoTransfer).
bool ExecutionContext::Impl::usesDirectly(const TensorBinding& binding, Transfer transfer, bool autoDirect) const {
  if (binding.hostPointer == nullptr) return true;  // device memory
  if (transfer == Transfer::Direct) {
    if (!binding.mapped) {
      throw Error("ERR_INVALID_ARGUMENT",
                  "transfer 'direct' needs mapped HostBuffers, and the one for " + binding.name + " is not mapped");
    }
    return true;
  }
  return transfer == Transfer::Auto && binding.mapped && integrated && autoDirect;
}

ExecutionContext::Impl::~Impl() {
  context.reset();
  if (engine) engine->releaseProfile(profile);
}

ExecutionContext::ExecutionContext() : impl_(new Impl()) {}
ExecutionContext::~ExecutionContext() = default;

std::shared_ptr<ExecutionContext> ExecutionContext::create(std::shared_ptr<Engine> engine, LogSink* sink) {
  ScopedLogSink logTo(sink);
  std::shared_ptr<ExecutionContext> context(new ExecutionContext());
  Impl& impl = *context->impl_;
  impl.profile = engine->acquireProfile();
  impl.engine = std::move(engine);
  impl.context.reset(impl.engine->impl().engine->createExecutionContext());
  TRTMAP_TRT_CHECK(impl.context, "ERR_TRT_ENGINE",
                   "TensorRT could not create an execution context (it needs " +
                       std::to_string(impl.engine->description().deviceMemorySize) + " bytes of device memory)");
  // TensorRT 8 selects profile 0 for the first context only; every other
  // concurrent context of a dynamic-shape engine must select its own.
  if (impl.profile != impl.context->getOptimizationProfile()) {
    TRTMAP_TRT_CHECK(selectProfile(*impl.context, impl.profile, impl.stream.handle()), "ERR_TRT_ENGINE",
                     "TensorRT could not select optimization profile " + std::to_string(impl.profile));
    impl.stream.synchronize();
  }
  impl.integrated = isIntegratedGpu();
  return context;
}

RunResult ExecutionContext::run(const RunRequest& request) {
  // A TensorRT execution context runs one enqueue at a time.
  std::lock_guard<std::mutex> lock(impl_->mutex);
  // What TensorRT logs on this thread during the run belongs to this run
  // (and to its error message), not to whichever operation is newest.
  LogQueue log(Severity::Warning);
  ScopedLogSink logTo(&log);
  RunResult result = impl_->run(request);
  result.log = log.drain();
  return result;
}

}  // namespace trt
}  // namespace trtmap
