# TensorRT headers are optional at this stage: their presence and version are
# reported by `trtmap doctor`; the libraries are opened at run time later.
find_path(TRTMAP_TENSORRT_INCLUDE_DIR NvInferVersion.h
  HINTS ENV TENSORRT_ROOT ENV TensorRT_ROOT
  PATH_SUFFIXES include include/x86_64-linux-gnu include/aarch64-linux-gnu)
if(TRTMAP_TENSORRT_INCLUDE_DIR)
  message(STATUS "trtmap: TensorRT headers in ${TRTMAP_TENSORRT_INCLUDE_DIR}")
  set(TRTMAP_HAS_TENSORRT_HEADERS 1)
else()
  message(STATUS "trtmap: TensorRT headers not found (optional for now; set TENSORRT_ROOT)")
  set(TRTMAP_HAS_TENSORRT_HEADERS 0)
endif()
