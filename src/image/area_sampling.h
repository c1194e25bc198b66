// cv2.resize INTER_AREA on uint8 images, as OpenCV's imgproc/src/resize.cpp
// computes it when the image shrinks on both axes, per output pixel, shared
// by the CPU reference and the CUDA kernel (C++14):
//  - integer scales (OpenCV's is_area_fast: |1 / inv_scale - round| <
//    DBL_EPSILON on both axes): resizeAreaFast_, the integer sum of each
//    block times (float)(1 / area), cvRound - except 2x2 blocks, which its
//    ResizeAreaFastVec computes as (sum + 2) >> 2;
//  - otherwise resizeArea_<uchar, float>: computeResizeAreaTab's weights
//    (double arithmetic, stored as float), each source row summed in float
//    over its column taps in source order, rows summed in float weighted by
//    their own taps, saturate_cast<uchar> (cvRound, half to even).
// The float operations happen in OpenCV's order, one rounding each, so the
// result equals cv2.resize's (tested against opencv-python in
// test/parity/image-resize.test.ts).
#pragma once

#include <cmath>

#include "image/fp_ops.h"
#include "image/sampling.h"

namespace trtmap {
namespace image {

// computeResizeAreaTab's entries for one destination index: an optional
// partial tap before [fullBegin, fullEnd), the full taps, an optional
// partial tap after. An index of -1 means absent.
struct AreaTaps {
  int firstIndex;
  float firstWeight;
  int fullBegin;
  int fullEnd;
  float fullWeight;
  int lastIndex;
  float lastWeight;
};

TRTMAP_HOST_DEVICE inline AreaTaps opencvAreaTaps(int destination, double scale, int size) {
  const double start = multiplyDouble(static_cast<double>(destination), scale);  // fsx1
  const double end = addDouble(start, scale);                                     // fsx2
  const double remaining = subtractDouble(static_cast<double>(size), start);
  const double cellWidth = remaining < scale ? remaining : scale;  // std::min(scale, ssize - fsx1)
  int begin = static_cast<int>(ceil(start));
  int last = static_cast<int>(floor(end));
  last = last < size - 1 ? last : size - 1;
  begin = begin < last ? begin : last;
  AreaTaps taps;
  taps.firstIndex = -1;
  taps.firstWeight = 0.0f;
  taps.lastIndex = -1;
  taps.lastWeight = 0.0f;
  const double before = subtractDouble(static_cast<double>(begin), start);
  if (before > 1e-3) {
    taps.firstIndex = begin - 1;
    taps.firstWeight = static_cast<float>(divideDouble(before, cellWidth));
  }
  taps.fullBegin = begin;
  taps.fullEnd = last;
  taps.fullWeight = static_cast<float>(divideDouble(1.0, cellWidth));
  const double after = subtractDouble(end, static_cast<double>(last));
  if (after > 1e-3) {
    double part = 1.0 < after ? 1.0 : after;
    part = cellWidth < part ? cellWidth : part;
    taps.lastIndex = last;
    taps.lastWeight = static_cast<float>(divideDouble(part, cellWidth));
  }
  return taps;
}

// One source row's horizontal sum for output column `x` (OpenCV's buf[dx]).
TRTMAP_HOST_DEVICE inline float areaRowSum(const SourceImage& source, const AreaTaps& columns,
                                           int row, int channel) {
  float sum = 0.0f;
  if (columns.firstIndex >= 0) {
    sum = add(sum, multiply(static_cast<float>(sourceValue(source, columns.firstIndex, row, channel)),
                            columns.firstWeight));
  }
  for (int column = columns.fullBegin; column < columns.fullEnd; ++column) {
    sum = add(sum, multiply(static_cast<float>(sourceValue(source, column, row, channel)),
                            columns.fullWeight));
  }
  if (columns.lastIndex >= 0) {
    sum = add(sum, multiply(static_cast<float>(sourceValue(source, columns.lastIndex, row, channel)),
                            columns.lastWeight));
  }
  return sum;
}

// The rows' weighted sum (OpenCV's sum[dx]: the first row's term is assigned,
// later ones added).
TRTMAP_HOST_DEVICE inline int areaSample(const SourceImage& source, const ImagePlacement& placement,
                                         int x, int y, int channel) {
  const AreaTaps columns = opencvAreaTaps(x, placement.opencvScaleX, placement.sourceWidth);
  const AreaTaps rows = opencvAreaTaps(y, placement.opencvScaleY, placement.sourceHeight);
  float sum = 0.0f;
  bool first = true;
  if (rows.firstIndex >= 0) {
    sum = multiply(rows.firstWeight, areaRowSum(source, columns, rows.firstIndex, channel));
    first = false;
  }
  for (int row = rows.fullBegin; row < rows.fullEnd; ++row) {
    float term = multiply(rows.fullWeight, areaRowSum(source, columns, row, channel));
    sum = first ? term : add(sum, term);
    first = false;
  }
  if (rows.lastIndex >= 0) {
    float term = multiply(rows.lastWeight, areaRowSum(source, columns, rows.lastIndex, channel));
    sum = first ? term : add(sum, term);
  }
  return roundToByte(sum);
}

// resizeAreaFast_: a block of areaScaleX x areaScaleY source pixels.
template <typename Source>
TRTMAP_HOST_DEVICE inline int areaFastSample(const Source& source,
                                             const ImagePlacement& placement, int x, int y,
                                             int channel) {
  int sum = 0;
  for (int row = 0; row < placement.areaScaleY; ++row) {
    for (int column = 0; column < placement.areaScaleX; ++column) {
      sum += source.value(x * placement.areaScaleX + column, y * placement.areaScaleY + row,
                          channel);
    }
  }
  if (placement.areaScaleX == 2 && placement.areaScaleY == 2) return (sum + 2) >> 2;
  const float scale = divide(1.0f, static_cast<float>(placement.areaScaleX * placement.areaScaleY));
  return roundToByte(multiply(static_cast<float>(sum), scale));
}

}  // namespace image
}  // namespace trtmap
