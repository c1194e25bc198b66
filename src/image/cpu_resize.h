// The CPU resizers behind preprocessOnCpu: each walks the resized image row by
// row and hands each row to a RowSink, which normalizes it into the model
// input. The per-element arithmetic is sampling.h / area_sampling.h, the same
// the CUDA kernel runs; these only reorganize the loops for speed.
#pragma once

#include <cstdint>

#include "image/preprocess_spec.h"
#include "image/sampling.h"

namespace trtmap {
namespace image {

class RowSink {
 public:
  virtual ~RowSink() = default;
  // `values`: count pixels of the sink's channel count, interleaved, in
  // source channel order (RGB, or gray), written at (x, y) of the input.
  virtual void writeBytes(int y, int x, const std::uint8_t* values, int count) = 0;
  virtual void writeFloats(int y, int x, const float* values, int count) = 0;
};

// `source` is RGB8 (channels 3) or a gray plane (channels 1), never toGray.
void resizeBilinearOnCpu(const SourceImage& source, const ImagePlacement& placement,
                         RowSink& sink);
void resizeAreaOnCpu(const SourceImage& source, const ImagePlacement& placement, RowSink& sink);
void resizeAreaFastOnCpu(const SourceImage& source, const ImagePlacement& placement,
                         RowSink& sink);
void resizeNearestOnCpu(const SourceImage& source, const ImagePlacement& placement,
                        RowSink& sink);
// NanoDet's warp: every pixel of the input (the border included) per row.
void resizeWarpOnCpu(const SourceImage& source, const ImagePlacement& placement, float border,
                     RowSink& sink);
void resizeDarknetOnCpu(const SourceImage& source, const float* pixel,
                        const ImagePlacement& placement, RowSink& sink);

}  // namespace image
}  // namespace trtmap
