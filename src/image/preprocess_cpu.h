// The CPU reference of preprocessing: one decoded RGB8 image into its slice
// of the model input (3 * height * width elements of spec.dtype).
#pragma once

#include <cstdint>

#include "image/preprocess_spec.h"

namespace trtmap {
namespace image {

void preprocessOnCpu(const std::uint8_t* source, const ImagePlacement& placement,
                     const PreprocessSpec& spec, void* output);

}  // namespace image
}  // namespace trtmap
