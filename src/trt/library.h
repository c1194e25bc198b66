// TensorRT's libraries, opened with dlopen for the major version compiled
// against, and the entry points trtmap calls, resolved with dlsym. The addon
// never links libnvinfer, so it loads (and reports why TensorRT cannot be
// used) on machines without TensorRT.
#pragma once

#include <string>
#include <vector>

#include "trt/api.h"

namespace trtmap {
namespace trt {

class Library {
 public:
  // The loaded libraries; opens them on first use. Throws
  // ERR_TENSORRT_NOT_FOUND naming the files looked for, or
  // ERR_TENSORRT_VERSION when libnvinfer is older or of another major.
  static const Library& get();

  nvinfer1::IBuilder* createBuilder() const;
  nvinfer1::IRuntime* createRuntime() const;
  // Opens libnvonnxparser on first use (throws ERR_TENSORRT_NOT_FOUND).
  nvonnxparser::IParser* createOnnxParser(nvinfer1::INetworkDefinition& network) const;
#if TRTMAP_TRT8
  nvuffparser::IUffParser* createUffParser() const;
#endif

  const std::string& version() const { return version_; }
  const std::vector<std::string>& libraries() const { return libraries_; }

 private:
  Library() = default;
  void open();
  void* openParser(const char* name) const;

  using CreateFunction = void* (*)(void* logger, std::int32_t version);
  using PluginInitFunction = bool (*)(void* logger, const char* libNamespace);

  void* nvinfer_ = nullptr;
  CreateFunction createBuilder_ = nullptr;
  CreateFunction createRuntime_ = nullptr;
  std::string version_;
  std::vector<std::string> libraries_;
};

// The process-wide TensorRT logger (see log_sink.h).
nvinfer1::ILogger& processLogger();

}  // namespace trt
}  // namespace trtmap
