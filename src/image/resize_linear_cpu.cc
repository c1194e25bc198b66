// cv2.resize INTER_LINEAR on the CPU, in OpenCV's own two passes.
#include <vector>

#include "image/cpu_resize.h"

namespace trtmap {
namespace image {

namespace {

// Each source row is resampled horizontally once (and kept while consecutive
// output rows use it), then rows are blended. Rows are kept as OpenCV's
// vertical pass first reads them, shifted right by 4, which fits in 16 bits
// (255 * 2048 >> 4 = 32640): the blend below then vectorizes as 16-bit high
// multiplies, as OpenCV's own SIMD code does.
template <int Channels>
class HorizontalRows {
 public:
  HorizontalRows(const SourceImage& source, const ImagePlacement& placement)
      : source_(source), columns_(placement.resizedWidth) {
    for (int x = 0; x < placement.resizedWidth; ++x) {
      columns_[x] = opencvLinearTap(x, placement.opencvScaleX, placement.sourceWidth);
    }
    for (auto& slot : slots_) slot.values.resize(std::size_t(placement.resizedWidth) * Channels);
  }

  const std::int16_t* row(int sourceRow) {
    for (auto& slot : slots_) {
      if (slot.sourceRow == sourceRow) return slot.values.data();
    }
    // Output rows visit source rows in increasing order: the lower row is
    // the one no longer needed (never the other row of the current pair).
    Slot& slot = slots_[0].sourceRow <= slots_[1].sourceRow ? slots_[0] : slots_[1];
    slot.sourceRow = sourceRow;
    const std::uint8_t* line =
        source_.pixels + static_cast<long long>(sourceRow) * source_.width * Channels;
    std::int16_t* out = slot.values.data();
    for (const LinearTap& column : columns_) {
      const std::uint8_t* left = line + column.index0 * Channels;
      const std::uint8_t* right = line + column.index1 * Channels;
      for (int channel = 0; channel < Channels; ++channel) {
        *out++ = static_cast<std::int16_t>(
            (left[channel] * column.weight0 + right[channel] * column.weight1) >> 4);
      }
    }
    return slot.values.data();
  }

 private:
  struct Slot {
    int sourceRow = -1;
    std::vector<std::int16_t> values;
  };
  const SourceImage& source_;
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

template <int Channels>
void resizeBilinear(const SourceImage& source, const ImagePlacement& placement, RowSink& sink) {
  HorizontalRows<Channels> rows(source, placement);
  const int count = placement.resizedWidth * Channels;
  std::vector<std::uint8_t> blended(count);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    LinearTap tap = opencvLinearTap(y, placement.opencvScaleY, placement.sourceHeight);
    const std::int16_t* top = rows.row(tap.index0);
    const std::int16_t* bottom = rows.row(tap.index1);
    blendRows(top, bottom, tap.weight0, tap.weight1, blended.data(), count);
    sink.writeBytes(placement.offsetY + y, placement.offsetX, blended.data(),
                    placement.resizedWidth);
  }
}

}  // namespace

void resizeBilinearOnCpu(const SourceImage& source, const ImagePlacement& placement,
                         RowSink& sink) {
  if (source.channels == 1) {
    resizeBilinear<1>(source, placement, sink);
  } else {
    resizeBilinear<3>(source, placement, sink);
  }
}

}  // namespace image
}  // namespace trtmap
