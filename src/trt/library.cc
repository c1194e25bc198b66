#include "trt/library.h"

#include <dlfcn.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "core/error.h"
#include "trt/library_status.h"
#include "trt/log_sink.h"

namespace trtmap {
namespace trt {

namespace {

#define TRTMAP_STRINGIFY_(x) #x
#define TRTMAP_STRINGIFY(x) TRTMAP_STRINGIFY_(x)
const std::string kSuffix = ".so." TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR);

class ProcessLogger : public nvinfer1::ILogger {
 public:
  void log(Severity severity, const char* message) noexcept override {
    try {
      dispatchLog(static_cast<trt::Severity>(static_cast<int>(severity)), message);
    } catch (...) {
      // Out of memory while logging: nothing sensible to do inside TensorRT.
    }
  }
};

std::string fileName(const char* stem) {
  std::string name = std::string(stem) + kSuffix;
  const char* directory = std::getenv("TRTMAP_TENSORRT_LIB_DIR");
  if (directory != nullptr && *directory != '\0') return std::string(directory) + "/" + name;
  return name;
}

void* openOrThrow(const char* stem, const std::string& purpose) {
  std::string name = fileName(stem);
  void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw Error("ERR_TENSORRT_NOT_FOUND",
                "TensorRT " TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR) ".x is needed " + purpose +
                    " but " + name + " could not be opened (" + (reason ? reason : "?") +
                    "); install TensorRT " TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR) " (JetPack, or the "
                    "tar/deb packages) or set TRTMAP_TENSORRT_LIB_DIR to the folder holding " +
                    stem + kSuffix);
  }
  return handle;
}

template <typename Function>
Function symbol(void* handle, const char* name, const std::string& library) {
  void* address = dlsym(handle, name);
  if (address == nullptr) {
    throw Error("ERR_TENSORRT_VERSION", library + " has no " + name +
                                            ": it is not a TensorRT " TRTMAP_STRINGIFY(
                                                NV_TENSORRT_MAJOR) ".x library");
  }
  return reinterpret_cast<Function>(address);
}

// getInferLibVersion() uses the same packing as NV_TENSORRT_VERSION.
void decodeVersion(std::int32_t packed, int& major, int& minor, int& patch) {
  const int majorScale = NV_TENSORRT_MAJOR >= 10 ? 10000 : 1000;
  major = packed / majorScale;
  minor = (packed % majorScale) / 100;
  patch = packed % 100;
}

std::mutex loadMutex;
std::unique_ptr<Library> loaded;

}  // namespace

nvinfer1::ILogger& processLogger() {
  // Never destroyed: the plugin library keeps this pointer for ever.
  static ProcessLogger* logger = new ProcessLogger();
  return *logger;
}

const Library& Library::get() {
  std::lock_guard<std::mutex> lock(loadMutex);
  if (!loaded) {
    std::unique_ptr<Library> library(new Library());
    library->open();
    loaded = std::move(library);
  }
  return *loaded;
}

void Library::open() {
  nvinfer_ = openOrThrow("libnvinfer", "to build or run engines");
  libraries_.push_back(fileName("libnvinfer"));
  auto getVersion = symbol<std::int32_t (*)()>(nvinfer_, "getInferLibVersion", libraries_[0]);
  int major = 0, minor = 0, patch = 0;
  decodeVersion(getVersion(), major, minor, patch);
  version_ = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  // TensorRT objects are used through the headers' vtables: a library older
  // than the headers lacks the newer entries, so it would crash, not fail.
  if (major != NV_TENSORRT_MAJOR || minor < NV_TENSORRT_MINOR) {
    throw Error("ERR_TENSORRT_VERSION",
                libraries_[0] + " is TensorRT " + version_ + " but this trtmap was built for " +
                    TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR) "." TRTMAP_STRINGIFY(NV_TENSORRT_MINOR) "." TRTMAP_STRINGIFY(
                        NV_TENSORRT_PATCH) " or a later " TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR) ".x; "
                    "rebuild trtmap against the installed headers (npm run build:native)");
  }
  createBuilder_ = symbol<CreateFunction>(nvinfer_, "createInferBuilder_INTERNAL", libraries_[0]);
  createRuntime_ = symbol<CreateFunction>(nvinfer_, "createInferRuntime_INTERNAL", libraries_[0]);

  // The plugins (NMS_TRT, BatchedNMS_TRT, EfficientNMS_TRT) must be registered
  // before a network using them is parsed or an engine containing them is
  // deserialized. Missing plugins are reported, not fatal: most models need none.
  std::string pluginName = fileName("libnvinfer_plugin");
  void* plugins = dlopen(pluginName.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (plugins == nullptr) {
    libraries_.push_back(pluginName + " (not found: models with NMS plugins will fail)");
    return;
  }
  libraries_.push_back(pluginName);
  auto initPlugins = symbol<PluginInitFunction>(plugins, "initLibNvInferPlugins", pluginName);
  initPlugins(&processLogger(), "");
}

nvinfer1::IBuilder* Library::createBuilder() const {
  return static_cast<nvinfer1::IBuilder*>(createBuilder_(&processLogger(), kCompiledVersion));
}

nvinfer1::IRuntime* Library::createRuntime() const {
  return static_cast<nvinfer1::IRuntime*>(createRuntime_(&processLogger(), kCompiledVersion));
}

void* Library::openParser(const char* stem) const {
  // dlopen reference-counts: opening again per parser is cheap and keeps the
  // library open for as long as the process runs (never dlclose'd).
  return openOrThrow(stem, "to parse the model");
}

nvonnxparser::IParser* Library::createOnnxParser(nvinfer1::INetworkDefinition& network) const {
  void* handle = openParser("libnvonnxparser");
  using Create = void* (*)(void*, void*, int);
  auto create = symbol<Create>(handle, "createNvOnnxParser_INTERNAL", fileName("libnvonnxparser"));
  return static_cast<nvonnxparser::IParser*>(create(&network, &processLogger(), NV_ONNX_PARSER_VERSION));
}

#if TRTMAP_TRT8
nvuffparser::IUffParser* Library::createUffParser() const {
  void* handle = openParser("libnvparsers");
  using Create = void* (*)();
  auto create = symbol<Create>(handle, "createNvUffParser_INTERNAL", fileName("libnvparsers"));
  return static_cast<nvuffparser::IUffParser*>(create());
}
#endif

LibraryStatus probeLibrary() {
  LibraryStatus status;
  status.compiled = true;
  status.compiledVersion = TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR) "." TRTMAP_STRINGIFY(
      NV_TENSORRT_MINOR) "." TRTMAP_STRINGIFY(NV_TENSORRT_PATCH);
  try {
    const Library& library = Library::get();
    status.loaded = true;
    status.loadedVersion = library.version();
    status.libraries = library.libraries();
  } catch (const Error& error) {
    status.errorCode = error.code();
    status.errorMessage = error.what();
    status.libraries.push_back(fileName("libnvinfer"));
  }
  return status;
}

}  // namespace trt
}  // namespace trtmap
