// The CUDA runtime API when the addon is built with CUDA; nothing otherwise.
// Files that include this test TRTMAP_HAS_CUDA for their GPU paths.
#pragma once

#if TRTMAP_HAS_CUDA
#include <cuda_runtime_api.h>
#endif
