#include "image/placement.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>

#include "core/error.h"

namespace trtmap {
namespace image {

namespace {

int clampSize(double value, int limit) {
  if (!(value >= 1)) return 1;
  if (value >= limit) return limit;
  return static_cast<int>(value);
}

int roundedSize(SizeRounding rounding, double scaled, int limit) {
  switch (rounding) {
    case SizeRounding::HalfEven:
      return clampSize(std::nearbyint(scaled), limit);
    case SizeRounding::Floor:
      return clampSize(std::floor(scaled), limit);
    case SizeRounding::Ceil:
    default:
      return clampSize(std::ceil(scaled), limit);
  }
}

// darknet's letterbox_image (image.c): the float comparison picks the
// limiting side, the other side is an integer division.
void integerSizes(const PreprocessSpec& spec, int width, int height, ImagePlacement& placement) {
  if (!spec.scaleUp && width <= spec.width && height <= spec.height) {
    placement.resizedWidth = width;
    placement.resizedHeight = height;
  } else if (float(spec.width) / float(width) < float(spec.height) / float(height)) {
    placement.resizedWidth = spec.width;
    placement.resizedHeight = int(std::int64_t(height) * spec.width / width);
  } else {
    placement.resizedHeight = spec.height;
    placement.resizedWidth = int(std::int64_t(width) * spec.height / height);
  }
  placement.resizedWidth = std::max(1, std::min(spec.width, placement.resizedWidth));
  placement.resizedHeight = std::max(1, std::min(spec.height, placement.resizedHeight));
}

// NanoDet's warp_and_resize with keep_ratio (nanodet/data/transform/warp.py):
// M = T @ Rs @ C in double, x' = ratio * x + (ratio * (-w / 2) + W / 2) when
// centred; cv2.warpPerspective inverts it and samples every input pixel.
void warpPlacement(const PreprocessSpec& spec, int width, int height, ImagePlacement& placement) {
  const double ratio = placement.ratio;
  placement.resizedWidth = spec.width;
  placement.resizedHeight = spec.height;
  placement.warpOffsetX = spec.centered ? ratio * (-width / 2.0) + 0.5 * spec.width : 0.0;
  placement.warpOffsetY = spec.centered ? ratio * (-height / 2.0) + 0.5 * spec.height : 0.0;
  placement.warpScale = static_cast<float>(1.0 / ratio);
  placement.warpShiftX = static_cast<float>(-placement.warpOffsetX / ratio);
  placement.warpShiftY = static_cast<float>(-placement.warpOffsetY / ratio);
}

// cv2.resize's choice for INTER_AREA (hal::resize): the area path only when
// shrinking on both axes, the integer-block path when both scales are whole
// numbers to DBL_EPSILON; yolov5 asks for INTER_LINEAR when enlarging.
void chooseSampler(const PreprocessSpec& spec, ImagePlacement& placement) {
  if (spec.resize != ResizeMode::Stretch && spec.rounding == SizeRounding::None) {
    placement.sampler = Sampler::Warp;
    return;
  }
  switch (spec.interpolation) {
    case Interpolation::Darknet:
      placement.sampler = Sampler::Darknet;
      return;
    case Interpolation::Nearest:
      placement.sampler = Sampler::Nearest;
      return;
    case Interpolation::Area:
      break;
    case Interpolation::Bilinear:
    default:
      placement.sampler = Sampler::Bilinear;
      return;
  }
  if (placement.resizedWidth > placement.sourceWidth ||
      placement.resizedHeight > placement.sourceHeight) {
    placement.sampler = Sampler::Bilinear;
    return;
  }
  const double scaleX = placement.opencvScaleX, scaleY = placement.opencvScaleY;
  const int integerX = int(std::nearbyint(scaleX)), integerY = int(std::nearbyint(scaleY));
  if (std::abs(scaleX - integerX) < DBL_EPSILON && std::abs(scaleY - integerY) < DBL_EPSILON) {
    placement.sampler = Sampler::AreaFast;
    placement.areaScaleX = integerX;
    placement.areaScaleY = integerY;
  } else {
    placement.sampler = Sampler::Area;
  }
}

}  // namespace

ImagePlacement placeImage(const PreprocessSpec& spec, int sourceWidth, int sourceHeight) {
  if (sourceWidth <= 0 || sourceHeight <= 0) {
    throw invalidArgument("image size " + std::to_string(sourceWidth) + "x" +
                          std::to_string(sourceHeight) + " is empty");
  }
  ImagePlacement placement{};
  placement.sourceWidth = sourceWidth;
  placement.sourceHeight = sourceHeight;
  if (spec.resize == ResizeMode::Stretch) {
    placement.resizedWidth = spec.width;
    placement.resizedHeight = spec.height;
    placement.ratio = double(spec.width) / sourceWidth;
  } else {
    double ratio = std::min(double(spec.width) / sourceWidth, double(spec.height) / sourceHeight);
    if (!spec.scaleUp) ratio = std::min(ratio, 1.0);
    placement.ratio = ratio;
    if (spec.rounding == SizeRounding::None) {
      warpPlacement(spec, sourceWidth, sourceHeight, placement);
    } else if (spec.rounding == SizeRounding::Integer) {
      integerSizes(spec, sourceWidth, sourceHeight, placement);
    } else {
      placement.resizedWidth = roundedSize(spec.rounding, sourceWidth * ratio, spec.width);
      placement.resizedHeight = roundedSize(spec.rounding, sourceHeight * ratio, spec.height);
    }
    if (spec.centered && spec.rounding != SizeRounding::None) {
      placement.offsetX = (spec.width - placement.resizedWidth) / 2;
      placement.offsetY = (spec.height - placement.resizedHeight) / 2;
    }
  }
  placement.opencvScaleX = 1.0 / (double(placement.resizedWidth) / sourceWidth);
  placement.opencvScaleY = 1.0 / (double(placement.resizedHeight) / sourceHeight);
  placement.darknetScaleX = placement.resizedWidth > 1
      ? float(sourceWidth - 1) / float(placement.resizedWidth - 1) : 0.0f;
  placement.darknetScaleY = placement.resizedHeight > 1
      ? float(sourceHeight - 1) / float(placement.resizedHeight - 1) : 0.0f;
  chooseSampler(spec, placement);
  return placement;
}

void checkSpec(const PreprocessSpec& spec) {
  if (spec.width <= 0 || spec.height <= 0 || spec.width > 16384 || spec.height > 16384) {
    throw invalidArgument("model input size " + std::to_string(spec.width) + "x" +
                          std::to_string(spec.height) + " is out of range");
  }
  if (int(spec.resize) < 0 || int(spec.resize) > 2 || int(spec.rounding) < 0 ||
      int(spec.rounding) > 4 || int(spec.interpolation) < 0 || int(spec.interpolation) > 3 ||
      int(spec.layout) < 0 || int(spec.layout) > 1 || int(spec.dtype) < 0 ||
      int(spec.dtype) > 2 || int(spec.grayConversion) < 0 || int(spec.grayConversion) > 1) {
    throw invalidArgument("unknown preprocessing mode");
  }
  if (spec.channels != 1 && spec.channels != 3) {
    throw invalidArgument("channels must be 1 or 3");
  }
  if (spec.rounding == SizeRounding::None && spec.resize != ResizeMode::Stretch &&
      spec.interpolation != Interpolation::Bilinear) {
    throw invalidArgument("rounding 'none' (NanoDet's warp) samples bilinearly: use 'bilinear'");
  }
  if (spec.rounding == SizeRounding::None && spec.resize != ResizeMode::Stretch &&
      !(spec.padValue >= 0.0f && spec.padValue <= 255.0f)) {
    throw invalidArgument("rounding 'none' (NanoDet's warp) needs a padValue from 0 to 255");
  }
  for (int channel = 0; channel < 3; ++channel) {
    if (!(spec.std[channel] != 0.0f)) throw invalidArgument("std must not be 0");
  }
  if (spec.dtype == DType::UInt8) {
    // uint8 carries the resized bytes themselves: no normalization, integer padding.
    bool identity = spec.scale == 1.0f && spec.interpolation != Interpolation::Darknet;
    for (int channel = 0; channel < 3; ++channel) {
      identity = identity && spec.mean[channel] == 0.0f && spec.std[channel] == 1.0f;
    }
    if (!identity) {
      throw invalidArgument(
          "uint8 output takes the resized pixels as they are: scale 1, mean 0, std 1, and an "
          "interpolation other than 'darknet'");
    }
    if (!(spec.padValue >= 0.0f && spec.padValue <= 255.0f) ||
        spec.padValue != std::floor(spec.padValue)) {
      throw invalidArgument("uint8 output needs an integer padValue from 0 to 255");
    }
  }
}

}  // namespace image
}  // namespace trtmap
