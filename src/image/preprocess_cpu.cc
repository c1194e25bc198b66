#include "image/preprocess_cpu.h"

#include <vector>

#include "image/half.h"
#include "image/sampling.h"

namespace trtmap {
namespace image {

namespace {

inline float convert(float value, float*) { return value; }
inline std::uint16_t convert(float value, std::uint16_t*) { return floatToHalfBits(value); }

// Writes runs of one output row, branching on layout once per run rather than
// per element. Normalization (and float16 conversion) of 8-bit values goes
// through a 256-entry table per channel computed with image::normalize, so
// the values are identical to the kernel's, only cheaper.
template <typename Element>
class RowWriter {
 public:
  RowWriter(const PreprocessSpec& spec, void* output)
      : spec_(spec), output_(static_cast<Element*>(output)) {
    for (int channel = 0; channel < 3; ++channel) {
      table_[channel].resize(256);
      for (int value = 0; value < 256; ++value) {
        table_[channel][value] = convert(normalize(spec, static_cast<float>(value), channel), output_);
      }
      pad_[channel] = convert(normalizeResized(spec, paddingValue(spec), channel), output_);
      source_[channel] = sourceChannel(spec, channel);
    }
  }

  // `values`: count pixels, three channels each, in source (RGB) order.
  void writeBytes(int y, int x, const std::uint8_t* values, int count) const {
    write(y, x, count, [&](int pixel, int channel) {
      return table_[channel][values[pixel * 3 + source_[channel]]];
    });
  }

  void writeFloats(int y, int x, const float* values, int count) const {
    write(y, x, count, [&](int pixel, int channel) {
      return convert(normalizeResized(spec_, values[pixel * 3 + source_[channel]], channel), output_);
    });
  }

  void writePadding(int y, int x, int count) const {
    write(y, x, count, [&](int, int channel) { return pad_[channel]; });
  }

 private:
  template <typename Value>
  void write(int y, int x, int count, Value value) const {
    if (spec_.layout == Layout::NCHW) {
      // One pass over the pixels writing the three planes: the source is read
      // once, in order.
      Element* plane0 = output_ + outputIndex(spec_, x, y, 0);
      Element* plane1 = output_ + outputIndex(spec_, x, y, 1);
      Element* plane2 = output_ + outputIndex(spec_, x, y, 2);
      for (int pixel = 0; pixel < count; ++pixel) {
        plane0[pixel] = value(pixel, 0);
        plane1[pixel] = value(pixel, 1);
        plane2[pixel] = value(pixel, 2);
      }
    } else {
      Element* row = output_ + outputIndex(spec_, x, y, 0);
      for (int pixel = 0; pixel < count; ++pixel) {
        for (int channel = 0; channel < 3; ++channel) row[pixel * 3 + channel] = value(pixel, channel);
      }
    }
  }

  const PreprocessSpec& spec_;
  Element* output_;
  std::vector<Element> table_[3];
  Element pad_[3];
  int source_[3];  // the RGB channel each output channel reads
};

template <typename Element>
void padBorder(const ImagePlacement& placement, const PreprocessSpec& spec, const RowWriter<Element>& writer) {
  for (int y = 0; y < spec.height; ++y) {
    if (y < placement.offsetY || y >= placement.offsetY + placement.resizedHeight) {
      writer.writePadding(y, 0, spec.width);
      continue;
    }
    writer.writePadding(y, 0, placement.offsetX);
    int right = placement.offsetX + placement.resizedWidth;
    writer.writePadding(y, right, spec.width - right);
  }
}

// OpenCV's two passes: each source row is resampled horizontally once (and
// kept while consecutive output rows use it), then rows are blended. Rows are
// kept as OpenCV's vertical pass first reads them, shifted right by 4, which
// fits in 16 bits (255 * 2048 >> 4 = 32640): the blend below then vectorizes
// as 16-bit high multiplies, as OpenCV's own SIMD code does.
class HorizontalRows {
 public:
  HorizontalRows(const std::uint8_t* source, const ImagePlacement& placement)
      : source_(source), placement_(placement), columns_(placement.resizedWidth) {
    for (int x = 0; x < placement.resizedWidth; ++x) {
      columns_[x] = opencvLinearTap(x, placement.opencvScaleX, placement.sourceWidth);
    }
    for (auto& slot : slots_) slot.values.resize(std::size_t(placement.resizedWidth) * 3);
  }

  const std::int16_t* row(int sourceRow) {
    for (auto& slot : slots_) {
      if (slot.sourceRow == sourceRow) return slot.values.data();
    }
    // Output rows visit source rows in increasing order: the lower row is
    // the one no longer needed (never the other row of the current pair).
    Slot& slot = slots_[0].sourceRow <= slots_[1].sourceRow ? slots_[0] : slots_[1];
    slot.sourceRow = sourceRow;
    const std::uint8_t* line = source_ + static_cast<long long>(sourceRow) * placement_.sourceWidth * 3;
    std::int16_t* out = slot.values.data();
    for (const LinearTap& column : columns_) {
      const std::uint8_t* left = line + column.index0 * 3;
      const std::uint8_t* right = line + column.index1 * 3;
      for (int channel = 0; channel < 3; ++channel) {
        *out++ = static_cast<std::int16_t>((left[channel] * column.weight0 + right[channel] * column.weight1) >> 4);
      }
    }
    return slot.values.data();
  }

 private:
  struct Slot {
    int sourceRow = -1;
    std::vector<std::int16_t> values;
  };
  const std::uint8_t* source_;
  const ImagePlacement& placement_;
  std::vector<LinearTap> columns_;
  Slot slots_[2];
};

// opencvVerticalBlend (sampling.h, shared with the kernel) on rows already
// shifted by 4: the same arithmetic, in a loop GCC turns into pmulhw.
void blendRows(const std::int16_t* top, const std::int16_t* bottom, int weight0, int weight1,
               std::uint8_t* out, int count) {
  const std::int16_t w0 = static_cast<std::int16_t>(weight0);
  const std::int16_t w1 = static_cast<std::int16_t>(weight1);
  for (int index = 0; index < count; ++index) {
    int value = ((top[index] * w0) >> 16) + ((bottom[index] * w1) >> 16);
    value = (value + 2) >> 2;
    out[index] = static_cast<std::uint8_t>(value < 0 ? 0 : (value > 255 ? 255 : value));
  }
}

template <typename Element>
void resizeBilinear(const std::uint8_t* source, const ImagePlacement& placement,
                    const RowWriter<Element>& writer) {
  HorizontalRows rows(source, placement);
  const int count = placement.resizedWidth * 3;
  std::vector<std::uint8_t> blended(count);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    LinearTap tap = opencvLinearTap(y, placement.opencvScaleY, placement.sourceHeight);
    const std::int16_t* top = rows.row(tap.index0);
    const std::int16_t* bottom = rows.row(tap.index1);
    blendRows(top, bottom, tap.weight0, tap.weight1, blended.data(), count);
    writer.writeBytes(placement.offsetY + y, placement.offsetX, blended.data(), placement.resizedWidth);
  }
}

template <typename Element>
void resizeNearest(const std::uint8_t* source, const ImagePlacement& placement,
                   const RowWriter<Element>& writer) {
  std::vector<int> columns(placement.resizedWidth);
  for (int x = 0; x < placement.resizedWidth; ++x) {
    columns[x] = opencvNearestIndex(x, placement.opencvScaleX, placement.sourceWidth);
  }
  std::vector<std::uint8_t> row(std::size_t(placement.resizedWidth) * 3);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    int sourceRow = opencvNearestIndex(y, placement.opencvScaleY, placement.sourceHeight);
    const std::uint8_t* line = source + static_cast<long long>(sourceRow) * placement.sourceWidth * 3;
    for (int x = 0; x < placement.resizedWidth; ++x) {
      for (int channel = 0; channel < 3; ++channel) row[x * 3 + channel] = line[columns[x] * 3 + channel];
    }
    writer.writeBytes(placement.offsetY + y, placement.offsetX, row.data(), placement.resizedWidth);
  }
}

template <typename Element>
void resizeDarknet(const std::uint8_t* source, const float* pixel, const ImagePlacement& placement,
                   const RowWriter<Element>& writer) {
  std::vector<float> row(std::size_t(placement.resizedWidth) * 3);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    for (int x = 0; x < placement.resizedWidth; ++x) {
      for (int channel = 0; channel < 3; ++channel) {
        row[x * 3 + channel] = darknetSample(source, pixel, placement, x, y, channel);
      }
    }
    writer.writeFloats(placement.offsetY + y, placement.offsetX, row.data(), placement.resizedWidth);
  }
}

template <typename Element>
void preprocessAs(const std::uint8_t* source, const ImagePlacement& placement,
                  const PreprocessSpec& spec, void* output) {
  RowWriter<Element> writer(spec, output);
  padBorder(placement, spec, writer);
  switch (spec.interpolation) {
    case Interpolation::Bilinear:
      resizeBilinear(source, placement, writer);
      break;
    case Interpolation::Nearest:
      resizeNearest(source, placement, writer);
      break;
    case Interpolation::Darknet:
      resizeDarknet(source, spec.darknetPixel, placement, writer);
      break;
  }
}

}  // namespace

void preprocessOnCpu(const std::uint8_t* source, const ImagePlacement& placement,
                     const PreprocessSpec& spec, void* output) {
  if (spec.dtype == DType::Float16) {
    preprocessAs<std::uint16_t>(source, placement, spec, output);
  } else {
    preprocessAs<float>(source, placement, spec, output);
  }
}

}  // namespace image
}  // namespace trtmap
