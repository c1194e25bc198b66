#include "image/preprocess_cpu.h"

#include <vector>

#include "image/cpu_resize.h"
#include "image/half.h"
#include "image/sampling.h"

namespace trtmap {
namespace image {

namespace {

// Writes runs of one output row, branching on layout once per run rather than
// per element. Normalization (and float16 conversion) of 8-bit values goes
// through a 256-entry table per channel computed with image::normalize, so
// the values are identical to the kernel's, only cheaper. uint8 output is the
// value itself (checkSpec allows it only without normalization).
template <typename Element>
class RowWriter : public RowSink {
 public:
  RowWriter(const PreprocessSpec& spec, void* output)
      : spec_(spec), output_(static_cast<Element*>(output)), channels_(channelsOf(spec)) {
    for (int channel = 0; channel < channels_; ++channel) {
      table_[channel].resize(256);
      for (int value = 0; value < 256; ++value) {
        table_[channel][value] = toElement(normalize(spec, static_cast<float>(value), channel), value);
      }
      // padValue is an integer 0..255 whenever the output is uint8 (checkSpec).
      const int padByte = spec.dtype == DType::UInt8 ? static_cast<int>(spec.padValue) : 0;
      pad_[channel] = toElement(normalizeResized(spec, paddingValue(spec), channel), padByte);
      source_[channel] = sourceChannel(spec, channel);
    }
  }

  void writeBytes(int y, int x, const std::uint8_t* values, int count) override {
    if (channels_ == 1) {
      write<1>(y, x, count, [&](int pixel, int channel) { return table_[channel][values[pixel]]; });
    } else {
      write<3>(y, x, count, [&](int pixel, int channel) {
        return table_[channel][values[pixel * 3 + source_[channel]]];
      });
    }
  }

  // Only 'darknet' produces floats, and uint8 output refuses it (checkSpec).
  void writeFloats(int y, int x, const float* values, int count) override {
    auto value = [&](int pixel, int channel) {
      return toElement(
          normalizeResized(spec_, values[pixel * channels_ + source_[channel]], channel), 0);
    };
    if (channels_ == 1) {
      write<1>(y, x, count, value);
    } else {
      write<3>(y, x, count, value);
    }
  }

  void writePadding(int y, int x, int count) {
    if (channels_ == 1) {
      write<1>(y, x, count, [&](int, int channel) { return pad_[channel]; });
    } else {
      write<3>(y, x, count, [&](int, int channel) { return pad_[channel]; });
    }
  }

 private:
  Element toElement(float normalized, int byte) const {
    return toElementOf(normalized, byte, static_cast<Element*>(nullptr));
  }
  static float toElementOf(float normalized, int, float*) { return normalized; }
  static std::uint16_t toElementOf(float normalized, int, std::uint16_t*) {
    return floatToHalfBits(normalized);
  }
  static std::uint8_t toElementOf(float, int byte, std::uint8_t*) {
    return static_cast<std::uint8_t>(byte);
  }

  template <int Channels, typename Value>
  void write(int y, int x, int count, Value value) {
    if (spec_.layout == Layout::NCHW) {
      // One pass over the pixels writing every plane: the source is read
      // once, in order.
      Element* plane0 = output_ + outputIndex(spec_, x, y, 0);
      if (Channels == 1) {
        for (int pixel = 0; pixel < count; ++pixel) plane0[pixel] = value(pixel, 0);
        return;
      }
      Element* plane1 = output_ + outputIndex(spec_, x, y, Channels > 1 ? 1 : 0);
      Element* plane2 = output_ + outputIndex(spec_, x, y, Channels > 2 ? 2 : 0);
      for (int pixel = 0; pixel < count; ++pixel) {
        plane0[pixel] = value(pixel, 0);
        plane1[pixel] = value(pixel, 1);
        plane2[pixel] = value(pixel, 2);
      }
    } else {
      Element* row = output_ + outputIndex(spec_, x, y, 0);
      for (int pixel = 0; pixel < count; ++pixel) {
        for (int channel = 0; channel < Channels; ++channel) {
          row[pixel * Channels + channel] = value(pixel, channel);
        }
      }
    }
  }

  const PreprocessSpec& spec_;
  Element* output_;
  int channels_;
  std::vector<Element> table_[3];
  Element pad_[3] = {};
  int source_[3] = {};  // the source channel each output channel reads
};

template <typename Element>
void padBorder(const ImagePlacement& placement, const PreprocessSpec& spec,
               RowWriter<Element>& writer) {
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

// The source with the spec's channel count, for the resizers (which read
// that many channels): an RGB image becomes one gray plane first (grayOf, as
// darknet's stb_image load and cv2.cvtColor do before resizing), a gray image
// becomes RGB by repeating it (as cv2.imread(IMREAD_COLOR) does).
SourceImage matchChannels(const std::uint8_t* pixels, int sourceChannels,
                          const ImagePlacement& placement, const PreprocessSpec& spec,
                          std::vector<std::uint8_t>& converted) {
  const std::size_t count = std::size_t(placement.sourceWidth) * placement.sourceHeight;
  const int channels = channelsOf(spec);
  SourceImage source{pixels, placement.sourceWidth, placement.sourceHeight, channels, false,
                     spec.grayConversion};
  if (sourceChannels == channels) return source;
  if (channels == 1) {
    converted.resize(count);
    for (std::size_t index = 0; index < count; ++index) {
      const std::uint8_t* pixel = pixels + index * 3;
      converted[index] =
          static_cast<std::uint8_t>(grayOf(spec.grayConversion, pixel[0], pixel[1], pixel[2]));
    }
  } else {
    converted.resize(count * 3);
    for (std::size_t index = 0; index < count; ++index) {
      converted[index * 3] = converted[index * 3 + 1] = converted[index * 3 + 2] = pixels[index];
    }
  }
  source.pixels = converted.data();
  return source;
}

template <typename Element>
void preprocessAs(const std::uint8_t* pixels, int sourceChannels, const ImagePlacement& placement,
                  const PreprocessSpec& spec, void* output) {
  RowWriter<Element> writer(spec, output);
  padBorder(placement, spec, writer);
  std::vector<std::uint8_t> converted;
  const SourceImage source = matchChannels(pixels, sourceChannels, placement, spec, converted);
  switch (placement.sampler) {
    case Sampler::Bilinear:
      resizeBilinearOnCpu(source, placement, writer);
      break;
    case Sampler::Nearest:
      resizeNearestOnCpu(source, placement, writer);
      break;
    case Sampler::Darknet:
      resizeDarknetOnCpu(source, spec.darknetPixel, placement, writer);
      break;
    case Sampler::Area:
      resizeAreaOnCpu(source, placement, writer);
      break;
    case Sampler::AreaFast:
      resizeAreaFastOnCpu(source, placement, writer);
      break;
    case Sampler::Warp:
      resizeWarpOnCpu(source, placement, spec.padValue, writer);
      break;
  }
}

}  // namespace

void preprocessOnCpu(const std::uint8_t* source, int sourceChannels,
                     const ImagePlacement& placement, const PreprocessSpec& spec, void* output) {
  switch (spec.dtype) {
    case DType::Float16:
      preprocessAs<std::uint16_t>(source, sourceChannels, placement, spec, output);
      break;
    case DType::UInt8:
      preprocessAs<std::uint8_t>(source, sourceChannels, placement, spec, output);
      break;
    case DType::Float32:
    default:
      preprocessAs<float>(source, sourceChannels, placement, spec, output);
      break;
  }
}

}  // namespace image
}  // namespace trtmap
