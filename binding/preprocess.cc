#include "binding/preprocess.h"

#include "binding/errors.h"
#include "binding/preprocess_request.h"
#include "binding/promise_worker.h"
#include "binding/stream.h"
#include "binding/type_tags.h"
#include "cuda/check.h"
#include "cuda/preprocess_kernel.h"
#include "image/preprocess_cpu.h"

namespace trtmap {
namespace binding {

namespace {

std::size_t alignedSize(std::size_t bytes) { return (bytes + 255) / 256 * 256; }

class PreprocessCpuWorker : public PromiseWorker {
 public:
  explicit PreprocessCpuWorker(Napi::Env env) : PromiseWorker(env, "trtmap.preprocessCpu") {}
  HeldObjects held;
  PreprocessRequest request;

 protected:
  void run() override {
    std::uint8_t* output = request.output.hostPointer + request.outputOffset;
    for (const PreprocessInput& input : request.inputs) {
      image::preprocessOnCpu(input.pixels.hostPointer, input.channels, input.placement,
                             request.spec, output);
      output += request.imageBytes;
    }
  }
  Napi::Value result(Napi::Env env) override { return placementsToJs(env, request.inputs); }
  void release(Napi::Env env) override { held.releaseAll(env); }
};

class PreprocessCudaWorker : public PromiseWorker {
 public:
  explicit PreprocessCudaWorker(Napi::Env env) : PromiseWorker(env, "trtmap.preprocessCuda") {}
  HeldObjects held;
  PreprocessRequest request;
  std::shared_ptr<cuda::Stream> stream;
  BufferEndpoint scratch;

 protected:
  void run() override {
#if TRTMAP_HAS_CUDA
    auto* output = static_cast<std::uint8_t*>(request.output.devicePointer) + request.outputOffset;
    std::size_t scratchOffset = 0;
    for (const PreprocessInput& input : request.inputs) {
      const std::uint8_t* source = static_cast<const std::uint8_t*>(input.pixels.devicePointer);
      if (!input.pixels.mapped) {
        // Only mapped images are read in place (the zero-copy path of
        // integrated GPUs); on a discrete GPU one upload is faster than
        // reading pinned memory over the bus per pixel.
        std::uint8_t* staged = static_cast<std::uint8_t*>(scratch.devicePointer) + scratchOffset;
        std::size_t bytes = std::size_t(input.placement.sourceWidth) *
                            input.placement.sourceHeight * input.channels;
        stream->copyAsync(staged, input.pixels.hostPointer, bytes);
        scratchOffset += alignedSize(bytes);
        source = staged;
      }
      cuda::launchPreprocessKernel(source, input.channels, input.placement, request.spec, output,
                                   stream->handle());
      TRTMAP_CUDA_TRY(cudaGetLastError());
      output += request.imageBytes;
    }
    stream->synchronize();
#endif
  }
  Napi::Value result(Napi::Env env) override { return placementsToJs(env, request.inputs); }
  void release(Napi::Env env) override { held.releaseAll(env); }
};

// Bytes of scratch the images that need an upload take.
std::size_t scratchNeeded(const PreprocessRequest& request) {
  std::size_t total = 0;
  for (const PreprocessInput& input : request.inputs) {
    if (input.pixels.mapped) continue;
    total += alignedSize(std::size_t(input.placement.sourceWidth) *
                         input.placement.sourceHeight * input.channels);
  }
  return total;
}

}  // namespace

Napi::Value JS_preprocessCpu(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    std::unique_ptr<PreprocessCpuWorker> worker(new PreprocessCpuWorker(env));
    try {
      readPreprocessRequest(info, worker->request, worker->held);
      if (!worker->request.output.isHost) {
        throwError(env, "ERR_INVALID_ARGUMENT", "Expected a HostBuffer for the output");
      }
    } catch (...) {
      worker->held.releaseAll(env);
      throw;
    }
    return worker.release()->start();
  });
}

Napi::Value JS_preprocessCuda(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return promiseOrRejection(env, [&]() -> Napi::Value {
    std::unique_ptr<PreprocessCudaWorker> worker(new PreprocessCudaWorker(env));
    try {
      readPreprocessRequest(info, worker->request, worker->held);
      if (!worker->request.output.devicePointer) {
        throwError(env, "ERR_INVALID_ARGUMENT",
                   "Expected a DeviceBuffer (or a mapped HostBuffer) for the output");
      }
      auto* stream = unwrapTagged<StreamWrap>(info[4], kStreamTag, "a Stream");
      worker->stream = stream->streamForWork(env);
      worker->held.hold(info[4].As<Napi::Object>(), stream);
      std::size_t needed = scratchNeeded(worker->request);
      if (needed > 0) {
        if (info[5].IsNull() || info[5].IsUndefined()) {
          throwError(env, "ERR_INVALID_ARGUMENT", "a scratch DeviceBuffer is needed to upload the images");
        }
        worker->scratch = resolveEndpoint(info[5], "the scratch buffer", worker->held);
        if (worker->scratch.isHost || worker->scratch.size < needed) {
          throwError(env, "ERR_INVALID_ARGUMENT",
                     "the scratch DeviceBuffer needs " + std::to_string(needed) + " bytes");
        }
      }
    } catch (...) {
      worker->held.releaseAll(env);
      throw;
    }
    return worker.release()->start();
  });
}

}  // namespace binding
}  // namespace trtmap
