// TensorRT's libraries, opened with dlopen for the major version compiled
// against, and the entry points trtmap calls, resolved with dlsym. The addon
// never links libnvinfer, so it loads (and reports why TensorRT cannot be
// used) on machines without TensorRT.
#pragma once

#include <mutex>
#include <set>
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
#if TRTMAP_HAVE_UFF_PARSER
  nvuffparser::IUffParser* createUffParser() const;
#endif

  // Opens plugin libraries (tensorrt_demos' libyolo_layer.so, tensorrtx's
  // libmyplugins.so, DeepStream-Yolo's ...) with dlopen, as trtexec's
  // --plugins does: their static initializers register the plugin creators
  // with libnvinfer's registry. Each path is opened once per process and
  // never closed. Throws ERR_FILE_NOT_FOUND / ERR_INVALID_ARGUMENT naming
  // the library and the flag.
  void loadPlugins(const std::vector<std::string>& paths) const;

  const std::string& version() const { return version_; }
  int major() const { return major_; }
  int minor() const { return minor_; }
  // What was opened (or looked for), for `trtmap doctor`.
  std::vector<std::string> libraries() const;
  // "": the builder can find its resources; else what to do about them.
  const std::string& builderResourceHint() const { return builderResourceHint_; }

 private:
  Library() = default;
  void open();
  void openStandardPlugins();
  void preloadBuilderResources();
  void* openParser(const char* name) const;

  using CreateFunction = void* (*)(void* logger, std::int32_t version);

  void* nvinfer_ = nullptr;
  CreateFunction createBuilder_ = nullptr;
  CreateFunction createRuntime_ = nullptr;
  std::string version_;
  int major_ = 0, minor_ = 0;
  std::vector<std::string> libraries_;
  std::string builderResourceHint_;
  mutable std::mutex pluginMutex_;
  mutable std::set<std::string> plugins_;
  mutable std::vector<std::string> pluginLibraries_;
};

// The process-wide TensorRT logger (see log_sink.h).
nvinfer1::ILogger& processLogger();

}  // namespace trt
}  // namespace trtmap
