// cv2.resize INTER_NEAREST and darknet's resize_image on the CPU.
#include <vector>

#include "image/cpu_resize.h"

namespace trtmap {
namespace image {

void resizeNearestOnCpu(const SourceImage& source, const ImagePlacement& placement,
                        RowSink& sink) {
  const int channels = source.channels;
  std::vector<int> columns(placement.resizedWidth);
  for (int x = 0; x < placement.resizedWidth; ++x) {
    columns[x] = opencvNearestIndex(x, placement.opencvScaleX, placement.sourceWidth);
  }
  std::vector<std::uint8_t> row(std::size_t(placement.resizedWidth) * channels);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    int sourceRow = opencvNearestIndex(y, placement.opencvScaleY, placement.sourceHeight);
    const std::uint8_t* line =
        source.pixels + static_cast<long long>(sourceRow) * placement.sourceWidth * channels;
    for (int x = 0; x < placement.resizedWidth; ++x) {
      for (int channel = 0; channel < channels; ++channel) {
        row[x * channels + channel] = line[columns[x] * channels + channel];
      }
    }
    sink.writeBytes(placement.offsetY + y, placement.offsetX, row.data(), placement.resizedWidth);
  }
}

void resizeDarknetOnCpu(const SourceImage& source, const float* pixel,
                        const ImagePlacement& placement, RowSink& sink) {
  const int channels = source.channels;
  std::vector<float> row(std::size_t(placement.resizedWidth) * channels);
  for (int y = 0; y < placement.resizedHeight; ++y) {
    for (int x = 0; x < placement.resizedWidth; ++x) {
      for (int channel = 0; channel < channels; ++channel) {
        row[x * channels + channel] = darknetSample(source, pixel, placement, x, y, channel);
      }
    }
    sink.writeFloats(placement.offsetY + y, placement.offsetX, row.data(), placement.resizedWidth);
  }
}

}  // namespace image
}  // namespace trtmap
