#include "image/placement.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace trtmap {
namespace image {

namespace {

int clampSize(double value, int limit) {
  int rounded = static_cast<int>(std::lround(value));
  return std::max(1, std::min(limit, rounded));
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
  if (spec.resize == ResizeMode::Letterbox) {
    double scale = std::min(double(spec.width) / sourceWidth, double(spec.height) / sourceHeight);
    placement.resizedWidth = clampSize(sourceWidth * scale, spec.width);
    placement.resizedHeight = clampSize(sourceHeight * scale, spec.height);
    if (spec.centered) {
      placement.offsetX = (spec.width - placement.resizedWidth) / 2;
      placement.offsetY = (spec.height - placement.resizedHeight) / 2;
    }
  } else {
    placement.resizedWidth = spec.width;
    placement.resizedHeight = spec.height;
  }
  placement.opencvScaleX = 1.0 / (double(placement.resizedWidth) / sourceWidth);
  placement.opencvScaleY = 1.0 / (double(placement.resizedHeight) / sourceHeight);
  placement.darknetScaleX = placement.resizedWidth > 1
      ? float(sourceWidth - 1) / float(placement.resizedWidth - 1) : 0.0f;
  placement.darknetScaleY = placement.resizedHeight > 1
      ? float(sourceHeight - 1) / float(placement.resizedHeight - 1) : 0.0f;
  return placement;
}

void checkSpec(const PreprocessSpec& spec) {
  if (spec.width <= 0 || spec.height <= 0 || spec.width > 16384 || spec.height > 16384) {
    throw invalidArgument("model input size " + std::to_string(spec.width) + "x" +
                          std::to_string(spec.height) + " is out of range");
  }
  for (int channel = 0; channel < 3; ++channel) {
    if (!(spec.std[channel] != 0.0f)) throw invalidArgument("std must not be 0");
  }
}

}  // namespace image
}  // namespace trtmap
