// TRTMAP_HOST_DEVICE marks functions shared by host code and CUDA kernels.
#pragma once

#if defined(__CUDACC__)
#define TRTMAP_HOST_DEVICE __host__ __device__
#else
#define TRTMAP_HOST_DEVICE
#endif
