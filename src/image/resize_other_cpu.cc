// cv2.resize INTER_NEAREST, NanoDet's warp and darknet's resize_image on the CPU.
#include <cstring>
#include <vector>

#include "image/cpu_resize.h"

namespace trtmap {
namespace image {

namespace {

template <int Channels>
void resizeNearest(const SourceImage& source, const ImagePlacement& placement, RowSink& sink) {
  std::vector<int> columns(placement.resizedWidth);
  for (int x = 0; x < placement.resizedWidth; ++x) {
    columns[x] = opencvNearestIndex(x, placement.opencvScaleX, placement.sourceWidth);
  }
  std::vector<std::uint8_t> row(std::size_t(placement.resizedWidth) * Channels);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    int sourceRow = opencvNearestIndex(y, placement.opencvScaleY, placement.sourceHeight);
    const std::uint8_t* line =
        source.pixels + static_cast<long long>(sourceRow) * placement.sourceWidth * Channels;
    for (int x = 0; x < placement.resizedWidth; ++x) {
      std::memcpy(&row[x * Channels], line + columns[x] * Channels, Channels);
    }
    sink.writeBytes(placement.offsetY + y, placement.offsetX, row.data(), placement.resizedWidth);
  }
}

// darknet's two passes as resize_image runs them: each source row resampled
// horizontally once (darknetColumn, kept while the next output row may use
// it), then darknetSample's vertical blend of two such rows - the same
// operations on the same values as darknetSample per element.
template <int Channels>
class DarknetRows {
 public:
  DarknetRows(const SourceImage& image, const float* pixel, const ImagePlacement& placement)
      : source_{image.pixels, image.width}, pixel_(pixel), placement_(placement) {
    for (auto& slot : slots_) slot.values.resize(std::size_t(placement.resizedWidth) * Channels);
  }

  const float* row(int sourceRow) {
    for (auto& slot : slots_) {
      if (slot.sourceRow == sourceRow) return slot.values.data();
    }
    Slot& slot = slots_[0].sourceRow <= slots_[1].sourceRow ? slots_[0] : slots_[1];
    slot.sourceRow = sourceRow;
    float* out = slot.values.data();
    for (int x = 0; x < placement_.resizedWidth; ++x) {
      for (int channel = 0; channel < Channels; ++channel) {
        *out++ = darknetColumn(source_, pixel_, placement_, x, sourceRow, channel);
      }
    }
    return slot.values.data();
  }

 private:
  struct Slot {
    int sourceRow = -1;
    std::vector<float> values;
  };
  const PackedSource<Channels> source_;
  const float* pixel_;
  const ImagePlacement& placement_;
  Slot slots_[2];
};

template <int Channels>
void resizeDarknet(const SourceImage& image, const float* pixel, const ImagePlacement& placement,
                   RowSink& sink) {
  DarknetRows<Channels> rows(image, pixel, placement);
  const int count = placement.resizedWidth * Channels;
  std::vector<float> out(count);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    // darknetSample's vertical pass, row-wise.
    const float position = multiply(static_cast<float>(y), placement.darknetScaleY);
    const int index = static_cast<int>(position);
    const float fraction = subtract(position, static_cast<float>(index));
    const float keep = subtract(1.0f, fraction);
    const float* top = rows.row(index);
    if (y == placement.resizedHeight - 1 || placement.sourceHeight == 1) {
      for (int element = 0; element < count; ++element) out[element] = multiply(keep, top[element]);
    } else {
      const float* bottom = rows.row(index + 1);
      for (int element = 0; element < count; ++element) {
        out[element] = add(multiply(keep, top[element]), multiply(fraction, bottom[element]));
      }
    }
    sink.writeFloats(placement.offsetY + y, placement.offsetX, out.data(), placement.resizedWidth);
  }
}

template <int Channels>
void resizeWarp(const SourceImage& image, const ImagePlacement& placement, float border,
                RowSink& sink) {
  const PackedSource<Channels> source{image.pixels, image.width};
  std::vector<std::uint8_t> row(std::size_t(placement.resizedWidth) * Channels);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    for (int x = 0; x < placement.resizedWidth; ++x) {
      for (int channel = 0; channel < Channels; ++channel) {
        row[x * Channels + channel] =
            static_cast<std::uint8_t>(warpSample(source, placement, border, x, y, channel));
      }
    }
    sink.writeBytes(y, 0, row.data(), placement.resizedWidth);
  }
}

}  // namespace

void resizeNearestOnCpu(const SourceImage& source, const ImagePlacement& placement,
                        RowSink& sink) {
  if (source.channels == 1) {
    resizeNearest<1>(source, placement, sink);
  } else {
    resizeNearest<3>(source, placement, sink);
  }
}

void resizeWarpOnCpu(const SourceImage& source, const ImagePlacement& placement, float border,
                     RowSink& sink) {
  if (source.channels == 1) {
    resizeWarp<1>(source, placement, border, sink);
  } else {
    resizeWarp<3>(source, placement, border, sink);
  }
}

void resizeDarknetOnCpu(const SourceImage& source, const float* pixel,
                        const ImagePlacement& placement, RowSink& sink) {
  if (source.channels == 1) {
    resizeDarknet<1>(source, pixel, placement, sink);
  } else {
    resizeDarknet<3>(source, pixel, placement, sink);
  }
}

}  // namespace image
}  // namespace trtmap
