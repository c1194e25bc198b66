# Finds nvcc and picks CUDA architectures. Sets TRTMAP_HAS_CUDA,
# TRTMAP_CUDA_VERSION and TRTMAP_CUDA_ARCHITECTURES_USED.
set(TRTMAP_HAS_CUDA OFF)
set(TRTMAP_CUDA_VERSION "")
set(TRTMAP_CUDA_ARCHITECTURES_USED "")
if(NOT TRTMAP_WITH_CUDA)
  message(STATUS "trtmap: CUDA disabled (TRTMAP_WITH_CUDA=OFF): CPU features only")
  return()
endif()

if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX} AND EXISTS /usr/local/cuda/bin/nvcc)
  set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
endif()
include(CheckLanguage)
check_language(CUDA)
if(NOT CMAKE_CUDA_COMPILER)
  message(WARNING "trtmap: no CUDA toolkit found (nvcc): building the CPU features only. "
    "Install the CUDA toolkit or set CUDACXX=/path/to/nvcc to enable the GPU.")
  return()
endif()

# Defaults: the Jetson family on aarch64, current discrete GPUs on x86-64;
# trimmed to what this toolkit can compile (CUDA 13 dropped sm_5x..7.0, sm_87
# needs 11.4, sm_89/90 need 11.8). Set TRTMAP_CUDA_ARCHITECTURES (environment
# or cache) to override.
if(TRTMAP_CUDA_ARCHITECTURES)
  set(requested ${TRTMAP_CUDA_ARCHITECTURES})
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  set(requested 53 62 72 87)
else()
  set(requested 75 80 86 89 90)
endif()

enable_language(CUDA)
find_package(CUDAToolkit REQUIRED)
set(TRTMAP_HAS_CUDA ON)
set(TRTMAP_CUDA_VERSION "${CUDAToolkit_VERSION_MAJOR}.${CUDAToolkit_VERSION_MINOR}")
set(CMAKE_CUDA_STANDARD 14)
set(CMAKE_CUDA_STANDARD_REQUIRED ON)

set(usable "")
foreach(arch IN LISTS requested)
  string(REGEX REPLACE "[^0-9]" "" number "${arch}")
  if(CUDAToolkit_VERSION VERSION_GREATER_EQUAL 13.0 AND number LESS 75)
    continue()
  endif()
  if(CUDAToolkit_VERSION VERSION_LESS 11.4 AND number GREATER_EQUAL 87)
    continue()
  endif()
  if(CUDAToolkit_VERSION VERSION_LESS 11.8 AND number GREATER_EQUAL 89)
    continue()
  endif()
  list(APPEND usable "${number}")
endforeach()
if(NOT usable)
  message(FATAL_ERROR "trtmap: none of the CUDA architectures '${requested}' is supported by "
    "CUDA ${TRTMAP_CUDA_VERSION}; set TRTMAP_CUDA_ARCHITECTURES (e.g. 75;80;86;89;90)")
endif()
# Machine code for each architecture, plus PTX of the newest for later GPUs.
list(GET usable -1 newest)
set(TRTMAP_CUDA_ARCHITECTURES_USED "")
foreach(number IN LISTS usable)
  list(APPEND TRTMAP_CUDA_ARCHITECTURES_USED "${number}-real")
endforeach()
list(APPEND TRTMAP_CUDA_ARCHITECTURES_USED "${newest}-virtual")
string(REPLACE ";" "," TRTMAP_CUDA_ARCHITECTURES_TEXT "${usable}")
message(STATUS "trtmap: CUDA ${TRTMAP_CUDA_VERSION}, architectures ${TRTMAP_CUDA_ARCHITECTURES_USED}")
