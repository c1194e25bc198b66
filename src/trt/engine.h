// A deserialized TensorRT engine (ICudaEngine) and what it describes: its
// input and output tensors, device memory, layers. Shared by the execution
// contexts created from it, which keep it alive.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trt/log_sink.h"
#include "trt/types.h"

namespace trtmap {
namespace trt {

class Engine {
 public:
  // Throws ERR_TENSORRT_NOT_FOUND / ERR_TENSORRT_VERSION without a usable
  // TensorRT, ERR_TRT_ENGINE for bytes that are not an engine of this
  // TensorRT version and GPU. Messages TensorRT logs go to `sink`.
  static std::shared_ptr<Engine> deserialize(const std::uint8_t* bytes, std::size_t size, LogSink* sink);

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  const EngineDescription& description() const noexcept { return description_; }
  // The engine inspector's report (JSON text), or empty where TensorRT gives
  // none (engines built without detailed profiling verbosity list names only).
  std::string layerInformation() const;

  struct Impl;
  Impl& impl() const noexcept { return *impl_; }

 private:
  Engine();
  std::unique_ptr<Impl> impl_;
  EngineDescription description_;
};

}  // namespace trt
}  // namespace trtmap
