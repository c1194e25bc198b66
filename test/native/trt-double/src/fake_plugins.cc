// The double's libnvinfer_plugin: initLibNvInferPlugins registers the names
// of TensorRT's standard plugins (nothing behind them runs). Built without
// the entry point too (TRTMAP_FAKE_NO_INIT), as a library trtmap must not
// let disable TensorRT.
#include "fake.h"

extern "C" void trtmapFakeRegisterPlugin(const char* name, const char* version);

#ifndef TRTMAP_FAKE_NO_INIT
TRTMAP_FAKE_EXPORT bool initLibNvInferPlugins(void* logger, const char*) {
  fake::setLogger(static_cast<nvinfer1::ILogger*>(logger));
  for (const char* name : {"NMS_TRT", "BatchedNMS_TRT", "EfficientNMS_TRT", "GridAnchor_TRT"}) {
    trtmapFakeRegisterPlugin(name, "1");
  }
  return true;
}
#else
TRTMAP_FAKE_EXPORT int trtmapFakePluginLibraryWithoutInit = 1;
#endif
