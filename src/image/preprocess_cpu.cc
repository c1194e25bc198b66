#include "image/preprocess_cpu.h"

#include <vector>

#include "image/half.h"
#include "image/sampling.h"

namespace trtmap {
namespace image {

namespace {

// Writes one pixel's three channels (already in source order) at (x, y).
class PixelWriter {
 public:
  PixelWriter(const PreprocessSpec& spec, void* output) : spec_(spec), output_(output) {}

  void write(int x, int y, const float values[3]) const {
    for (int channel = 0; channel < 3; ++channel) {
      float value = normalize(spec_, values[sourceChannel(spec_, channel)], channel);
      long long index = outputIndex(spec_, x, y, channel);
      if (spec_.dtype == DType::Float16) {
        static_cast<std::uint16_t*>(output_)[index] = floatToHalfBits(value);
      } else {
        static_cast<float*>(output_)[index] = value;
      }
    }
  }

 private:
  const PreprocessSpec& spec_;
  void* output_;
};

void fillPadding(const ImagePlacement& placement, const PreprocessSpec& spec,
                 const PixelWriter& writer) {
  const float pad[3] = {spec.padValue, spec.padValue, spec.padValue};
  for (int y = 0; y < spec.height; ++y) {
    bool rowInside = y >= placement.offsetY && y < placement.offsetY + placement.resizedHeight;
    for (int x = 0; x < spec.width; ++x) {
      bool inside = rowInside && x >= placement.offsetX &&
                    x < placement.offsetX + placement.resizedWidth;
      if (!inside) writer.write(x, y, pad);
    }
  }
}

void resizeBilinear(const std::uint8_t* source, const ImagePlacement& placement,
                    const PixelWriter& writer) {
  std::vector<LinearTap> columns(placement.resizedWidth);
  for (int x = 0; x < placement.resizedWidth; ++x) {
    columns[x] = opencvLinearTap(x, placement.opencvScaleX, placement.sourceWidth);
  }
  const long long stride = static_cast<long long>(placement.sourceWidth) * 3;
  for (int y = 0; y < placement.resizedHeight; ++y) {
    LinearTap row = opencvLinearTap(y, placement.opencvScaleY, placement.sourceHeight);
    const std::uint8_t* line0 = source + row.index0 * stride;
    const std::uint8_t* line1 = source + row.index1 * stride;
    for (int x = 0; x < placement.resizedWidth; ++x) {
      const LinearTap& column = columns[x];
      float values[3];
      for (int channel = 0; channel < 3; ++channel) {
        int left = column.index0 * 3 + channel, right = column.index1 * 3 + channel;
        int top = line0[left] * column.weight0 + line0[right] * column.weight1;
        int bottom = line1[left] * column.weight0 + line1[right] * column.weight1;
        values[channel] =
            static_cast<float>(opencvVerticalBlend(top, bottom, row.weight0, row.weight1));
      }
      writer.write(placement.offsetX + x, placement.offsetY + y, values);
    }
  }
}

void resizeNearest(const std::uint8_t* source, const ImagePlacement& placement,
                   const PixelWriter& writer) {
  std::vector<int> columns(placement.resizedWidth);
  for (int x = 0; x < placement.resizedWidth; ++x) {
    columns[x] = opencvNearestIndex(x, placement.opencvScaleX, placement.sourceWidth);
  }
  for (int y = 0; y < placement.resizedHeight; ++y) {
    int row = opencvNearestIndex(y, placement.opencvScaleY, placement.sourceHeight);
    const std::uint8_t* line = source + static_cast<long long>(row) * placement.sourceWidth * 3;
    for (int x = 0; x < placement.resizedWidth; ++x) {
      const std::uint8_t* pixel = line + columns[x] * 3;
      const float values[3] = {float(pixel[0]), float(pixel[1]), float(pixel[2])};
      writer.write(placement.offsetX + x, placement.offsetY + y, values);
    }
  }
}

void resizeDarknet(const std::uint8_t* source, const ImagePlacement& placement,
                   const PixelWriter& writer) {
  for (int y = 0; y < placement.resizedHeight; ++y) {
    for (int x = 0; x < placement.resizedWidth; ++x) {
      float values[3];
      for (int channel = 0; channel < 3; ++channel) {
        values[channel] = darknetSample(source, placement, x, y, channel);
      }
      writer.write(placement.offsetX + x, placement.offsetY + y, values);
    }
  }
}

}  // namespace

void preprocessOnCpu(const std::uint8_t* source, const ImagePlacement& placement,
                     const PreprocessSpec& spec, void* output) {
  PixelWriter writer(spec, output);
  fillPadding(placement, spec, writer);
  switch (spec.interpolation) {
    case Interpolation::Bilinear:
      resizeBilinear(source, placement, writer);
      break;
    case Interpolation::Nearest:
      resizeNearest(source, placement, writer);
      break;
    case Interpolation::Darknet:
      resizeDarknet(source, placement, writer);
      break;
  }
}

}  // namespace image
}  // namespace trtmap
