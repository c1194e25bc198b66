// Stands in for libnvinfer_builder_resource.so.<version>, which TensorRT 8.6
// and later open by name when a builder is created.
extern "C" {
__attribute__((visibility("default"))) int trtmapFakeBuilderResource = 1;
}
