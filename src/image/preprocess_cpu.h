// The CPU reference of preprocessing: one decoded image (interleaved RGB8, or
// one gray channel when sourceChannels is 1) into its slice of the model
// input (channels * height * width elements of spec.dtype).
#pragma once

#include <cstdint>

#include "image/preprocess_spec.h"

namespace trtmap {
namespace image {

void preprocessOnCpu(const std::uint8_t* source, int sourceChannels,
                     const ImagePlacement& placement, const PreprocessSpec& spec, void* output);

}  // namespace image
}  // namespace trtmap
