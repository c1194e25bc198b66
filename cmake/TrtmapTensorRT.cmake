# TensorRT headers (optional). The libraries are never linked: src/trt opens
# them with dlopen at run time. With headers (and CUDA), the TensorRT layer is
# compiled (TRTMAP_HAVE_TENSORRT=1); without, src/trt/unavailable.cc stands
# in and every TensorRT entry point reports ERR_TENSORRT_NOT_FOUND.
# Looked for in: TensorRT_INCLUDE_DIR (cache), TENSORRT_ROOT (cache or
# environment), TensorRT_ROOT, then the standard paths (JetPack's
# /usr/include/aarch64-linux-gnu, the x86 deb packages' /usr/include/x86_64-linux-gnu).
set(TENSORRT_ROOT "$ENV{TENSORRT_ROOT}" CACHE PATH "TensorRT installation (with include/NvInfer.h)")
if(TensorRT_INCLUDE_DIR)
  set(TRTMAP_TENSORRT_INCLUDE_DIR "${TensorRT_INCLUDE_DIR}" CACHE PATH "TensorRT headers" FORCE)
endif()
find_path(TRTMAP_TENSORRT_INCLUDE_DIR NvInferVersion.h
  HINTS "${TENSORRT_ROOT}" ENV TENSORRT_ROOT ENV TensorRT_ROOT
  PATH_SUFFIXES include include/x86_64-linux-gnu include/aarch64-linux-gnu)

set(TRTMAP_HAS_TENSORRT_HEADERS 0)
set(TRTMAP_HAVE_TENSORRT 0)
if(NOT TRTMAP_TENSORRT_INCLUDE_DIR)
  message(STATUS "trtmap: TensorRT headers not found: building without TensorRT "
    "(set TENSORRT_ROOT or TensorRT_INCLUDE_DIR to enable it)")
  return()
endif()
set(TRTMAP_HAS_TENSORRT_HEADERS 1)
foreach(header NvInfer.h NvOnnxParser.h NvInferPlugin.h)
  if(NOT EXISTS "${TRTMAP_TENSORRT_INCLUDE_DIR}/${header}")
    message(WARNING "trtmap: ${TRTMAP_TENSORRT_INCLUDE_DIR} has NvInferVersion.h but no ${header}: "
      "building without TensorRT (install the TensorRT and ONNX parser development headers)")
    return()
  endif()
endforeach()
if(NOT TRTMAP_HAS_CUDA)
  message(WARNING "trtmap: TensorRT headers in ${TRTMAP_TENSORRT_INCLUDE_DIR} but no CUDA toolkit: "
    "building without TensorRT")
  return()
endif()
set(TRTMAP_HAVE_TENSORRT 1)
message(STATUS "trtmap: TensorRT headers in ${TRTMAP_TENSORRT_INCLUDE_DIR} (opened at run time with dlopen)")
