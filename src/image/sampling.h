// Per-pixel sampling and normalization, shared verbatim by the CPU reference
// and the CUDA kernel so both produce bit-identical float32 results. Every
// floating-point operation goes through the helpers in fp_ops.h: on the
// device they are the correctly rounded intrinsics (never contracted into a
// fused multiply-add), on the host plain operators compiled with
// -ffp-contract=off. C++14 (nvcc of CUDA 10.2).
#pragma once

#include <cmath>
#include <cstdint>

#include "image/fp_ops.h"
#include "image/preprocess_spec.h"

namespace trtmap {
namespace image {

// One gray byte from R, G, B.
//  - OpenCv: cv2.cvtColor(COLOR_RGB2GRAY) on uint8 (imgproc color_rgb: 15-bit
//    fixed point, R2Y = 9798, G2Y = 19235, B2Y = 3735, rounding added).
//  - Darknet: stb_image's stbi__compute_y, what darknet's load_image(c = 1)
//    uses through stbi_load(..., 1): (77 R + 150 G + 29 B) >> 8, truncating.
TRTMAP_HOST_DEVICE inline int grayOf(GrayConversion conversion, int red, int green, int blue) {
  if (conversion == GrayConversion::Darknet) return (red * 77 + green * 150 + blue * 29) >> 8;
  return (red * 9798 + green * 19235 + blue * 3735 + (1 << 14)) >> 15;
}

// The image a resize reads: interleaved RGB8 (channels 3), a gray plane
// (channels 1; every channel reads it, as cv2.imread(IMREAD_COLOR) expands
// gray), or RGB8 read through grayOf (toGray) - the CPU converts whole
// images first, the kernel converts each tap; the values are the same.
struct SourceImage {
  const std::uint8_t* pixels;
  int width;
  int height;
  int channels;
  bool toGray;
  GrayConversion grayConversion;

  TRTMAP_HOST_DEVICE int value(int x, int y, int channel) const {
    const long long pixel = static_cast<long long>(y) * width + x;
    if (toGray) {
      const std::uint8_t* rgb = pixels + pixel * 3;
      return grayOf(grayConversion, rgb[0], rgb[1], rgb[2]);
    }
    return channels == 1 ? pixels[pixel] : pixels[pixel * 3 + channel];
  }
};

// The CPU's view of a source that already has the spec's channel count: the
// same values as SourceImage::value, without its branches.
template <int Channels>
struct PackedSource {
  const std::uint8_t* pixels;
  int width;

  TRTMAP_HOST_DEVICE int value(int x, int y, int channel) const {
    return pixels[(static_cast<long long>(y) * width + x) * Channels + channel];
  }
};

TRTMAP_HOST_DEVICE inline int sourceValue(const SourceImage& source, int x, int y, int channel) {
  return source.value(x, y, channel);
}

// One axis of OpenCV's INTER_LINEAR (resize.cpp, fixed-point path for 8-bit
// images): half-pixel centers, weights quantized to 11 bits.
struct LinearTap {
  int index0;
  int index1;
  int weight0;
  int weight1;
};

TRTMAP_HOST_DEVICE inline LinearTap opencvLinearTap(int destination, double scale, int size) {
  // fx = (float)((dx + 0.5) * scale_x - 0.5); sx = cvFloor(fx); fx -= sx;
  float position = static_cast<float>(multiplyDouble(destination + 0.5, scale) - 0.5);
  int index = static_cast<int>(floorf(position));
  float fraction = subtract(position, static_cast<float>(index));
  if (index < 0) {
    index = 0;
    fraction = 0.0f;
  }
  if (index >= size - 1) {
    index = size - 1;
    fraction = 0.0f;
  }
  LinearTap tap;
  tap.index0 = index;
  tap.index1 = index + 1 < size ? index + 1 : size - 1;
  tap.weight0 = roundToNearestEven(multiply(subtract(1.0f, fraction), 2048.0f));
  tap.weight1 = roundToNearestEven(multiply(fraction, 2048.0f));
  return tap;
}

// OpenCV's vertical pass for 8-bit output as its SIMD code computes it
// (VResizeLinearVec_32s8u): rows pre-shifted by 4, high halves of 16-bit
// products, then a rounding shift by 2. Its scalar tail rounds slightly
// differently, hence "within 1" of cv2.resize at a few row ends.
TRTMAP_HOST_DEVICE inline int opencvVerticalBlend(int row0, int row1, int weight0, int weight1) {
  int value = (((row0 >> 4) * weight0) >> 16) + (((row1 >> 4) * weight1) >> 16);
  value = (value + 2) >> 2;
  return value < 0 ? 0 : (value > 255 ? 255 : value);
}

TRTMAP_HOST_DEVICE inline int bilinearSample(const SourceImage& source,
                                             const ImagePlacement& placement, int x, int y,
                                             int channel) {
  LinearTap column = opencvLinearTap(x, placement.opencvScaleX, placement.sourceWidth);
  LinearTap row = opencvLinearTap(y, placement.opencvScaleY, placement.sourceHeight);
  int top = sourceValue(source, column.index0, row.index0, channel) * column.weight0 +
            sourceValue(source, column.index1, row.index0, channel) * column.weight1;
  int bottom = sourceValue(source, column.index0, row.index1, channel) * column.weight0 +
               sourceValue(source, column.index1, row.index1, channel) * column.weight1;
  return opencvVerticalBlend(top, bottom, row.weight0, row.weight1);
}

// cv2.resize INTER_NEAREST: sx = min(cvFloor(dx * (1 / inv_scale_x)), w - 1).
TRTMAP_HOST_DEVICE inline int opencvNearestIndex(int destination, double scale, int size) {
  int index = static_cast<int>(floor(multiplyDouble(static_cast<double>(destination), scale)));
  return index < size - 1 ? index : size - 1;
}

// One row of darknet's first pass of resize_image (image.c): the value at
// output column x of source row `row`, channel `channel`.
// `pixel` maps a source byte to darknet's scaled float (spec.darknetPixel).
template <typename Source>
TRTMAP_HOST_DEVICE inline float darknetColumn(const Source& source, const float* pixel,
                                              const ImagePlacement& placement, int x, int row,
                                              int channel) {
  if (x == placement.resizedWidth - 1 || placement.sourceWidth == 1) {
    return pixel[source.value(placement.sourceWidth - 1, row, channel)];
  }
  float position = multiply(static_cast<float>(x), placement.darknetScaleX);
  int index = static_cast<int>(position);
  float fraction = subtract(position, static_cast<float>(index));
  return add(multiply(subtract(1.0f, fraction), pixel[source.value(index, row, channel)]),
             multiply(fraction, pixel[source.value(index + 1, row, channel)]));
}

// darknet's second pass: (1 - dy) * part[iy], plus dy * part[iy + 1] except
// on the last output row (kept verbatim, including that exception).
template <typename Source>
TRTMAP_HOST_DEVICE inline float darknetSample(const Source& source, const float* pixel,
                                              const ImagePlacement& placement, int x, int y,
                                              int channel) {
  float position = multiply(static_cast<float>(y), placement.darknetScaleY);
  int index = static_cast<int>(position);
  float fraction = subtract(position, static_cast<float>(index));
  float value = multiply(subtract(1.0f, fraction),
                         darknetColumn(source, pixel, placement, x, index, channel));
  if (y == placement.resizedHeight - 1 || placement.sourceHeight == 1) return value;
  return add(value,
             multiply(fraction, darknetColumn(source, pixel, placement, x, index + 1, channel)));
}

// NanoDet's cv2.warpPerspective (INTER_LINEAR, BORDER_CONSTANT) of a
// scale-and-shift matrix, as OpenCV 5 computes it: the source position in
// float32, bilinear taps outside the image reading `border`, two horizontal
// lerps and a vertical one in float32, rounded half to even. Within 1 of
// opencv-python 5.0 (its SIMD path contracts some products into fused
// multiply-adds, which this portable code does not).
template <typename Source>
TRTMAP_HOST_DEVICE inline int warpSample(const Source& source, const ImagePlacement& placement,
                                         float border, int x, int y, int channel) {
  const float sourceX = add(multiply(placement.warpScale, static_cast<float>(x)), placement.warpShiftX);
  const float sourceY = add(multiply(placement.warpScale, static_cast<float>(y)), placement.warpShiftY);
  const int left = static_cast<int>(floorf(sourceX));
  const int top = static_cast<int>(floorf(sourceY));
  const float alpha = subtract(sourceX, static_cast<float>(left));
  const float beta = subtract(sourceY, static_cast<float>(top));
  float taps[4];
  for (int tap = 0; tap < 4; ++tap) {
    const int column = left + (tap & 1), row = top + (tap >> 1);
    const bool inside = column >= 0 && column < placement.sourceWidth && row >= 0 &&
                        row < placement.sourceHeight;
    taps[tap] = inside ? static_cast<float>(source.value(column, row, channel)) : border;
  }
  const float upper = add(taps[0], multiply(alpha, subtract(taps[1], taps[0])));
  const float lower = add(taps[2], multiply(alpha, subtract(taps[3], taps[2])));
  return roundToByte(add(upper, multiply(beta, subtract(lower, upper))));
}

TRTMAP_HOST_DEVICE inline float normalize(const PreprocessSpec& spec, float value, int channel) {
  return divide(subtract(multiply(value, spec.scale), spec.mean[channel]), spec.std[channel]);
}

// A resized (or padding) value to the model input: 'darknet' values are
// already scaled (spec.darknetPixel / darknetPad), the others are 0..255.
TRTMAP_HOST_DEVICE inline float normalizeResized(const PreprocessSpec& spec, float value,
                                                 int channel) {
  if (spec.interpolation == Interpolation::Darknet) {
    return divide(subtract(value, spec.mean[channel]), spec.std[channel]);
  }
  return normalize(spec, value, channel);
}

TRTMAP_HOST_DEVICE inline float paddingValue(const PreprocessSpec& spec) {
  return spec.interpolation == Interpolation::Darknet ? spec.darknetPad : spec.padValue;
}

// Index of the output element (image-relative) for channel c at (x, y).
TRTMAP_HOST_DEVICE inline long long outputIndex(const PreprocessSpec& spec, int x, int y,
                                                int channel) {
  if (spec.layout == Layout::NCHW) {
    return (static_cast<long long>(channel) * spec.height + y) * spec.width + x;
  }
  return (static_cast<long long>(y) * spec.width + x) * channelsOf(spec) + channel;
}

// Source channel that output channel c reads (decoded images are RGB; a gray
// image has one channel).
TRTMAP_HOST_DEVICE inline int sourceChannel(const PreprocessSpec& spec, int channel) {
  if (channelsOf(spec) == 1) return 0;
  return spec.bgr ? 2 - channel : channel;
}

}  // namespace image
}  // namespace trtmap
