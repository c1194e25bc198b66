// Correctly rounded floating-point operations for code shared by the host and
// the CUDA kernels: on the device the explicit round-to-nearest intrinsics
// (never contracted into fused multiply-adds), on the host plain operators
// (the addon is compiled with -ffp-contract=off). C++14.
#pragma once

#include <cmath>

#include "image/host_device.h"

namespace trtmap {
namespace image {

TRTMAP_HOST_DEVICE inline float multiply(float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fmul_rn(a, b);
#else
  return a * b;
#endif
}
TRTMAP_HOST_DEVICE inline float add(float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fadd_rn(a, b);
#else
  return a + b;
#endif
}
TRTMAP_HOST_DEVICE inline float subtract(float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fsub_rn(a, b);
#else
  return a - b;
#endif
}
TRTMAP_HOST_DEVICE inline float divide(float a, float b) {
#if defined(__CUDA_ARCH__)
  return __fdiv_rn(a, b);
#else
  return a / b;
#endif
}
TRTMAP_HOST_DEVICE inline double multiplyDouble(double a, double b) {
#if defined(__CUDA_ARCH__)
  return __dmul_rn(a, b);
#else
  return a * b;
#endif
}
TRTMAP_HOST_DEVICE inline double addDouble(double a, double b) {
#if defined(__CUDA_ARCH__)
  return __dadd_rn(a, b);
#else
  return a + b;
#endif
}
TRTMAP_HOST_DEVICE inline double subtractDouble(double a, double b) {
#if defined(__CUDA_ARCH__)
  return __dsub_rn(a, b);
#else
  return a - b;
#endif
}
TRTMAP_HOST_DEVICE inline double divideDouble(double a, double b) {
#if defined(__CUDA_ARCH__)
  return __ddiv_rn(a, b);
#else
  return a / b;
#endif
}
// Round half to even, like OpenCV's cvRound / saturate_cast<short>(float).
// The caller guarantees |value| < 2^31.
TRTMAP_HOST_DEVICE inline int roundToNearestEven(float value) {
#if defined(__CUDA_ARCH__)
  return __float2int_rn(value);
#else
  return static_cast<int>(std::nearbyint(value));
#endif
}
// saturate_cast<uchar>(float): cvRound, then clamped to 0..255. The caller
// guarantees a finite value of modest size (a weighted sum of bytes).
TRTMAP_HOST_DEVICE inline int roundToByte(float value) {
  int rounded = roundToNearestEven(value);
  return rounded < 0 ? 0 : (rounded > 255 ? 255 : rounded);
}

}  // namespace image
}  // namespace trtmap
