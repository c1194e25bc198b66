// A deserialized TensorRT engine (ICudaEngine) and what it describes: its
// input and output tensors, device memory, layers. Shared by the execution
// contexts created from it, which keep it alive.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "trt/log_sink.h"
#include "trt/types.h"

namespace trtmap {
namespace trt {

struct LoadOptions {
  // Plugin libraries to load before deserializing (Library::loadPlugins).
  std::vector<std::string> plugins;
  // The DLA core a DLA engine runs on (IRuntime::setDLACore), -1: none.
  int dlaCore = -1;
  // Allow the host code a version-compatible plan embeds (TensorRT 10:
  // IRuntime::setEngineHostCodeAllowed); only for plans the user trusts.
  bool versionCompatible = false;
};

class Engine {
 public:
  // Throws ERR_TENSORRT_NOT_FOUND / ERR_TENSORRT_VERSION without a usable
  // TensorRT, ERR_FILE_NOT_FOUND / ERR_INVALID_ARGUMENT for a plugin
  // library, ERR_TRT_ENGINE for bytes that are not an engine of this
  // TensorRT version and GPU (naming a missing plugin when TensorRT says
  // so). Messages TensorRT logs go to `sink`.
  static std::shared_ptr<Engine> deserialize(const std::uint8_t* bytes, std::size_t size, const LoadOptions& options,
                                             LogSink* sink);

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  const EngineDescription& description() const noexcept { return description_; }
  // The engine inspector's report (JSON text), or empty where TensorRT gives
  // none (engines built without detailed profiling verbosity list names only).
  std::string layerInformation() const;

  // TensorRT 8: every concurrent execution context of an engine with dynamic
  // inputs needs an optimization profile no other live context uses. Returns
  // a free profile index and marks it used, or throws ERR_TRT_ENGINE saying
  // how many there are. Engines without dynamic inputs, and TensorRT 10,
  // share profile 0 (returns 0, nothing to release).
  int acquireProfile();
  void releaseProfile(int profile) noexcept;

  struct Impl;
  Impl& impl() const noexcept { return *impl_; }

 private:
  Engine();
  std::unique_ptr<Impl> impl_;
  EngineDescription description_;
  std::mutex profileMutex_;
  std::vector<bool> profilesInUse_;
};

}  // namespace trt
}  // namespace trtmap
