// The TensorRT layer of an addon built without TensorRT headers (CI, machines
// without TensorRT): the same functions, each failing with
// ERR_TENSORRT_NOT_FOUND, so that the JavaScript API and its errors are the
// same with and without TensorRT.
#include "core/error.h"
#include "trt/builder.h"
#include "trt/engine.h"
#include "trt/execution_context.h"
#include "trt/library_status.h"

namespace trtmap {
namespace trt {

namespace {

const char* const kMessage =
    "TensorRT is not available: this trtmap addon was built without TensorRT headers. Install "
    "TensorRT (JetPack on a Jetson; the tar or deb packages on x86) and rebuild with "
    "TENSORRT_ROOT=/path/to/TensorRT npm run build:native";

[[noreturn]] void unavailable() { throw Error("ERR_TENSORRT_NOT_FOUND", kMessage); }

}  // namespace

LibraryStatus probeLibrary() {
  LibraryStatus status;
  status.errorCode = "ERR_TENSORRT_NOT_FOUND";
  status.errorMessage = kMessage;
  return status;
}

struct Engine::Impl {};
Engine::Engine() : impl_(new Impl()) {}
Engine::~Engine() = default;
std::shared_ptr<Engine> Engine::deserialize(const std::uint8_t*, std::size_t, const LoadOptions&, LogSink*) {
  unavailable();
}
std::string Engine::layerInformation() const { unavailable(); }
int Engine::acquireProfile() { unavailable(); }
void Engine::releaseProfile(int) noexcept {}

struct ExecutionContext::Impl {};
ExecutionContext::ExecutionContext() : impl_(new Impl()) {}
ExecutionContext::~ExecutionContext() = default;
std::shared_ptr<ExecutionContext> ExecutionContext::create(std::shared_ptr<Engine>, LogSink*) { unavailable(); }
RunResult ExecutionContext::run(const RunRequest&) { unavailable(); }

BuildResult buildEngine(const BuildOptions&, LogSink*, BuildProgress*, CalibrationFeed*) { unavailable(); }

}  // namespace trt
}  // namespace trtmap
