// A plugin library of the double standing in for tensorrt_demos'
// libyolo_layer.so (and tensorrtx's, DeepStream-Yolo's): loading it
// registers the YoloLayer_TRT creator, as their REGISTER_TENSORRT_PLUGIN
// static initializers do. Nothing behind the name runs.
extern "C" void trtmapFakeRegisterPlugin(const char* name, const char* version);

namespace {
struct Register {
  Register() { trtmapFakeRegisterPlugin("YoloLayer_TRT", "1"); }
} registration;
}  // namespace
