// float32 -> IEEE binary16 bits, round to nearest even: what CUDA's
// __float2half_rn does, so CPU and GPU float16 tensors are identical.
#pragma once

#include <cstdint>
#include <cstring>

namespace trtmap {
namespace image {

inline std::uint16_t floatToHalfBits(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const std::uint32_t sign = (bits >> 16) & 0x8000u;
  const std::uint32_t magnitude = bits & 0x7FFFFFFFu;
  if (magnitude >= 0x7F800000u) {  // Inf or NaN (NaN stays a quiet NaN)
    return static_cast<std::uint16_t>(sign | 0x7C00u | (magnitude > 0x7F800000u ? 0x200u : 0u));
  }
  if (magnitude >= 0x477FF000u) return static_cast<std::uint16_t>(sign | 0x7C00u);  // overflow
  if (magnitude < 0x38800000u) {  // subnormal half (or zero)
    if (magnitude < 0x33000000u) return static_cast<std::uint16_t>(sign);  // rounds to 0
    const std::uint32_t exponent = magnitude >> 23;
    const std::uint32_t mantissa = (magnitude & 0x7FFFFFu) | 0x800000u;
    // value = mantissa * 2^(exponent - 150); in units of 2^-24 that is a right shift by 126 - exponent.
    const std::uint32_t shift = 126u - exponent;
    std::uint32_t half = mantissa >> shift;
    const std::uint32_t remainder = mantissa & ((1u << shift) - 1u);
    const std::uint32_t halfway = 1u << (shift - 1);
    if (remainder > halfway || (remainder == halfway && (half & 1u))) ++half;
    return static_cast<std::uint16_t>(sign | half);
  }
  // Normal: rebias the exponent (127 -> 15) and round the 13 dropped bits.
  std::uint32_t half = (magnitude - 0x38000000u) >> 13;
  const std::uint32_t remainder = magnitude & 0x1FFFu;
  if (remainder > 0x1000u || (remainder == 0x1000u && (half & 1u))) ++half;
  return static_cast<std::uint16_t>(sign | half);
}

}  // namespace image
}  // namespace trtmap
