#include "trt/library.h"

#include <dirent.h>
#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "core/error.h"
#include "trt/library_status.h"
#include "trt/log_sink.h"

namespace trtmap {
namespace trt {

namespace {

#define TRTMAP_STRINGIFY_(x) #x
#define TRTMAP_STRINGIFY(x) TRTMAP_STRINGIFY_(x)
const std::string kSuffix = ".so." TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR);
#define TRTMAP_MAJOR_TEXT TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR)

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

std::string libraryDirectory() {
  const char* directory = std::getenv("TRTMAP_TENSORRT_LIB_DIR");
  return directory != nullptr ? std::string(directory) : std::string();
}

std::string fileName(const char* stem) {
  std::string name = std::string(stem) + kSuffix;
  std::string directory = libraryDirectory();
  return directory.empty() ? name : directory + "/" + name;
}

void* openOrThrow(const char* stem, const std::string& purpose) {
  std::string name = fileName(stem);
  void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw Error("ERR_TENSORRT_NOT_FOUND",
                "TensorRT " TRTMAP_MAJOR_TEXT ".x is needed " + purpose + " but " + name +
                    " could not be opened (" + (reason ? reason : "?") +
                    "); install TensorRT " TRTMAP_MAJOR_TEXT " (JetPack, or the tar/deb packages) or set "
                    "TRTMAP_TENSORRT_LIB_DIR to the folder holding " +
                    stem + kSuffix);
  }
  return handle;
}

template <typename Function>
Function symbol(void* handle, const char* name, const std::string& library) {
  void* address = dlsym(handle, name);
  if (address == nullptr) {
    throw Error("ERR_TENSORRT_VERSION",
                library + " has no " + name + ": it is not a TensorRT " TRTMAP_MAJOR_TEXT ".x library");
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

bool isFile(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
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
  int patch = 0;
  decodeVersion(getVersion(), major_, minor_, patch);
  version_ = std::to_string(major_) + "." + std::to_string(minor_) + "." + std::to_string(patch);
  // TensorRT objects are used through the headers' vtables: a library older
  // than the headers lacks the newer entries, so it would crash, not fail.
  if (major_ != NV_TENSORRT_MAJOR || minor_ < NV_TENSORRT_MINOR) {
    throw Error("ERR_TENSORRT_VERSION",
                libraries_[0] + " is TensorRT " + version_ + " but this trtmap was built for " +
                    TRTMAP_STRINGIFY(NV_TENSORRT_MAJOR) "." TRTMAP_STRINGIFY(NV_TENSORRT_MINOR) "." TRTMAP_STRINGIFY(
                        NV_TENSORRT_PATCH) " or a later " TRTMAP_MAJOR_TEXT ".x; "
                    "rebuild trtmap against the installed headers (npm run build:native)");
  }
  createBuilder_ = symbol<CreateFunction>(nvinfer_, "createInferBuilder_INTERNAL", libraries_[0]);
  createRuntime_ = symbol<CreateFunction>(nvinfer_, "createInferRuntime_INTERNAL", libraries_[0]);
  preloadBuilderResources();
  openStandardPlugins();
}

// TensorRT 8.6 and later open libnvinfer_builder_resource.so.<version> by
// bare name when a builder is created: with TRTMAP_TENSORRT_LIB_DIR alone
// (the folder not on the loader's path) that fails. Opening it here, by its
// full path, registers its soname, so TensorRT's own dlopen finds it loaded.
void Library::preloadBuilderResources() {
  std::string directory = libraryDirectory();
  if (directory.empty()) return;
  std::vector<std::string> found;
  if (DIR* folder = opendir(directory.c_str())) {
    while (dirent* entry = readdir(folder)) {
      std::string name = entry->d_name;
      if (name.rfind("libnvinfer_builder_resource", 0) == 0 && name.find(".so") != std::string::npos) {
        found.push_back(directory + "/" + name);
      }
    }
    closedir(folder);
  }
  std::sort(found.begin(), found.end());
  for (const auto& path : found) {
    if (!isFile(path)) continue;
    if (dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL) != nullptr) {
      libraries_.push_back(path + " (builder resources, preloaded)");
    } else {
      const char* reason = dlerror();
      libraries_.push_back(path + " (builder resources, could not be opened: " + (reason ? reason : "?") + ")");
    }
  }
  if (found.empty() && (major_ >= 10 || (major_ == 8 && minor_ >= 6))) {
    builderResourceHint_ =
        " (TensorRT " + version_ + " opens libnvinfer_builder_resource.so." + version_ +
        " by name when building, and TRTMAP_TENSORRT_LIB_DIR=" + directory +
        " has none: put it there, or add the folder holding it to LD_LIBRARY_PATH)";
    libraries_.push_back("libnvinfer_builder_resource.so." + version_ + " (not in " + directory +
                         ": builds need it on LD_LIBRARY_PATH)");
  }
}

// The standard plugins (NMS_TRT, BatchedNMS_TRT, EfficientNMS_TRT) must be
// registered before a network using them is parsed or an engine containing
// them is deserialized. A missing plugin library, or one without the entry
// point, is reported, never fatal: most models need none.
void Library::openStandardPlugins() {
  std::string pluginName = fileName("libnvinfer_plugin");
  void* plugins = dlopen(pluginName.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (plugins == nullptr) {
    libraries_.push_back(pluginName + " (not found: models with NMS plugins will fail)");
    return;
  }
  using PluginInitFunction = bool (*)(void* logger, const char* libNamespace);
  auto initPlugins = reinterpret_cast<PluginInitFunction>(dlsym(plugins, "initLibNvInferPlugins"));
  if (initPlugins == nullptr) {
    libraries_.push_back(pluginName + " (has no initLibNvInferPlugins: its plugins are not registered)");
    return;
  }
  libraries_.push_back(pluginName);
  initPlugins(&processLogger(), "");
}

void Library::loadPlugins(const std::vector<std::string>& paths) const {
  std::lock_guard<std::mutex> lock(pluginMutex_);
  for (const auto& path : paths) {
    if (plugins_.count(path) != 0) continue;
    if (!isFile(path)) {
      throw Error("ERR_FILE_NOT_FOUND",
                  "TensorRT plugin library not found: " + path + " (given with --plugins / plugins)", path);
    }
    // RTLD_NOW: a plugin built against another TensorRT fails here, with the
    // missing symbol named, rather than at its first call.
    if (dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL) == nullptr) {
      const char* reason = dlerror();
      throw Error("ERR_INVALID_ARGUMENT",
                  "the TensorRT plugin library " + path + " (given with --plugins / plugins) could not be loaded: " +
                      (reason ? reason : "?") + "; it must be built against TensorRT " + version_,
                  path);
    }
    plugins_.insert(path);
    pluginLibraries_.push_back(path + " (plugins)");
  }
}

std::vector<std::string> Library::libraries() const {
  std::vector<std::string> all = libraries_;
  std::lock_guard<std::mutex> lock(pluginMutex_);
  all.insert(all.end(), pluginLibraries_.begin(), pluginLibraries_.end());
  return all;
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

#if TRTMAP_HAVE_UFF_PARSER
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
  status.uffParser = TRTMAP_HAVE_UFF_PARSER != 0;
  try {
    const Library& library = Library::get();
    status.loaded = true;
    status.loadedVersion = library.version();
    status.libraries = library.libraries();
    status.builderResourceHint = library.builderResourceHint();
  } catch (const Error& error) {
    status.errorCode = error.code();
    status.errorMessage = error.what();
    status.libraries.push_back(fileName("libnvinfer"));
  }
  return status;
}

}  // namespace trt
}  // namespace trtmap
