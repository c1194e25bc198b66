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
set(TRTMAP_TENSORRT_DEFINITIONS "")
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
# The major version decides the API generation (src/trt/api.h): 8, 10 and
# 11 are supported; NvUffParser.h is looked for on 8.x only (TensorRT 10
# removed the UFF parser) and its absence disables UFF models, not TensorRT.
file(STRINGS "${TRTMAP_TENSORRT_INCLUDE_DIR}/NvInferVersion.h" trtmap_trt_major_line
  REGEX "^#define (NV_TENSORRT_MAJOR|TRT_MAJOR_ENTERPRISE) [0-9]+")
string(REGEX MATCH "[0-9]+" TRTMAP_TENSORRT_MAJOR "${trtmap_trt_major_line}")
if(NOT TRTMAP_TENSORRT_MAJOR MATCHES "^(8|10|11)$")
  message(WARNING "trtmap: ${TRTMAP_TENSORRT_INCLUDE_DIR} holds TensorRT ${TRTMAP_TENSORRT_MAJOR} headers; "
    "trtmap supports TensorRT 8, 10 and 11: building without TensorRT")
  return()
endif()
set(TRTMAP_HAVE_UFF_PARSER 0)
if(TRTMAP_TENSORRT_MAJOR EQUAL 8)
  if(EXISTS "${TRTMAP_TENSORRT_INCLUDE_DIR}/NvUffParser.h")
    set(TRTMAP_HAVE_UFF_PARSER 1)
  else()
    message(WARNING "trtmap: TensorRT 8 headers without NvUffParser.h: UFF models will be refused "
      "(install the UFF parser headers, libnvparsers-dev, to build them)")
  endif()
endif()
if(NOT TRTMAP_HAS_CUDA)
  message(WARNING "trtmap: TensorRT headers in ${TRTMAP_TENSORRT_INCLUDE_DIR} but no CUDA toolkit: "
    "building without TensorRT")
  return()
endif()
set(TRTMAP_HAVE_TENSORRT 1)
set(TRTMAP_TENSORRT_DEFINITIONS TRTMAP_HAVE_UFF_PARSER=${TRTMAP_HAVE_UFF_PARSER})
message(STATUS "trtmap: TensorRT ${TRTMAP_TENSORRT_MAJOR} headers in ${TRTMAP_TENSORRT_INCLUDE_DIR} "
  "(opened at run time with dlopen; UFF parser: ${TRTMAP_HAVE_UFF_PARSER})")
