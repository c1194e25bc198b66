// cv2.resize INTER_AREA (shrinking) on the CPU, organized as OpenCV's
// ResizeArea_Invoker and resizeAreaFast_Invoker: the per-element arithmetic
// and its order are those of area_sampling.h.
#include <vector>

#include "image/area_sampling.h"
#include "image/cpu_resize.h"

namespace trtmap {
namespace image {

namespace {

struct Tap {
  int source;
  float weight;
};

// computeResizeAreaTab flattened per destination index: taps[first[d]..first[d+1]).
struct TapTable {
  std::vector<Tap> taps;
  std::vector<int> first;
};

TapTable tapTable(int destinationSize, double scale, int sourceSize) {
  TapTable table;
  table.first.reserve(destinationSize + 1);
  for (int destination = 0; destination < destinationSize; ++destination) {
    table.first.push_back(static_cast<int>(table.taps.size()));
    AreaTaps taps = opencvAreaTaps(destination, scale, sourceSize);
    if (taps.firstIndex >= 0) table.taps.push_back({taps.firstIndex, taps.firstWeight});
    for (int index = taps.fullBegin; index < taps.fullEnd; ++index) {
      table.taps.push_back({index, taps.fullWeight});
    }
    if (taps.lastIndex >= 0) table.taps.push_back({taps.lastIndex, taps.lastWeight});
  }
  table.first.push_back(static_cast<int>(table.taps.size()));
  return table;
}

// One source row's horizontal sums for every output column (OpenCV's buf),
// computed once per row: a row at the boundary of two output rows' cells
// serves both (OpenCV recomputes it; the values are the same).
template <int Channels>
class AreaRowSums {
 public:
  AreaRowSums(const SourceImage& source, const TapTable& columns, int resizedWidth)
      : source_(source), columns_(columns), resizedWidth_(resizedWidth),
        values_(std::size_t(resizedWidth) * Channels) {}

  const float* row(int sourceRow) {
    if (sourceRow == cachedRow_) return values_.data();
    cachedRow_ = sourceRow;
    const std::uint8_t* line =
        source_.pixels + static_cast<long long>(sourceRow) * source_.width * Channels;
    for (int x = 0; x < resizedWidth_; ++x) {
      float sums[Channels] = {};
      for (int tap = columns_.first[x]; tap < columns_.first[x + 1]; ++tap) {
        const std::uint8_t* pixel = line + columns_.taps[tap].source * Channels;
        for (int channel = 0; channel < Channels; ++channel) {
          sums[channel] = add(sums[channel], multiply(static_cast<float>(pixel[channel]),
                                                      columns_.taps[tap].weight));
        }
      }
      for (int channel = 0; channel < Channels; ++channel) values_[x * Channels + channel] = sums[channel];
    }
    return values_.data();
  }

 private:
  const SourceImage& source_;
  const TapTable& columns_;
  int resizedWidth_;
  int cachedRow_ = -1;
  std::vector<float> values_;
};

template <int Channels>
void resizeArea(const SourceImage& source, const ImagePlacement& placement, RowSink& sink) {
  const TapTable columns = tapTable(placement.resizedWidth, placement.opencvScaleX,
                                    placement.sourceWidth);
  const TapTable rows = tapTable(placement.resizedHeight, placement.opencvScaleY,
                                 placement.sourceHeight);
  AreaRowSums<Channels> rowSums(source, columns, placement.resizedWidth);
  const int count = placement.resizedWidth * Channels;
  std::vector<float> sum(count);
  std::vector<std::uint8_t> out(count);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    for (int rowTap = rows.first[y]; rowTap < rows.first[y + 1]; ++rowTap) {
      const float* rowSum = rowSums.row(rows.taps[rowTap].source);
      const float weight = rows.taps[rowTap].weight;
      if (rowTap == rows.first[y]) {
        for (int index = 0; index < count; ++index) sum[index] = multiply(weight, rowSum[index]);
      } else {
        for (int index = 0; index < count; ++index) {
          sum[index] = add(sum[index], multiply(weight, rowSum[index]));
        }
      }
    }
    for (int index = 0; index < count; ++index) out[index] = static_cast<std::uint8_t>(roundToByte(sum[index]));
    sink.writeBytes(placement.offsetY + y, placement.offsetX, out.data(), placement.resizedWidth);
  }
}

template <int Channels>
void resizeAreaFast(const SourceImage& image, const ImagePlacement& placement, RowSink& sink) {
  const PackedSource<Channels> source{image.pixels, image.width};
  const int count = placement.resizedWidth * Channels;
  std::vector<std::uint8_t> out(count);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    for (int x = 0; x < placement.resizedWidth; ++x) {
      for (int channel = 0; channel < Channels; ++channel) {
        out[x * Channels + channel] =
            static_cast<std::uint8_t>(areaFastSample(source, placement, x, y, channel));
      }
    }
    sink.writeBytes(placement.offsetY + y, placement.offsetX, out.data(), placement.resizedWidth);
  }
}

}  // namespace

void resizeAreaOnCpu(const SourceImage& source, const ImagePlacement& placement, RowSink& sink) {
  if (source.channels == 1) {
    resizeArea<1>(source, placement, sink);
  } else {
    resizeArea<3>(source, placement, sink);
  }
}

void resizeAreaFastOnCpu(const SourceImage& source, const ImagePlacement& placement,
                         RowSink& sink) {
  if (source.channels == 1) {
    resizeAreaFast<1>(source, placement, sink);
  } else {
    resizeAreaFast<3>(source, placement, sink);
  }
}

}  // namespace image
}  // namespace trtmap
