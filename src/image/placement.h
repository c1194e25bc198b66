// Geometry of stretch and letterbox resizing (host only).
#pragma once

#include "image/preprocess_spec.h"

namespace trtmap {
namespace image {

// Stretch: the image fills the input. Letterbox: scale = min(W / w, H / h),
// resized size = round(w * scale) (at least 1, at most W), offsets
// floor((W - resized) / 2) when centered, 0 for top-left. Boxes map back with
// x_source = (x_input - offsetX) * sourceWidth / resizedWidth.
ImagePlacement placeImage(const PreprocessSpec& spec, int sourceWidth, int sourceHeight);

// Throws ERR_INVALID_ARGUMENT for what could make the kernels misbehave.
void checkSpec(const PreprocessSpec& spec);

}  // namespace image
}  // namespace trtmap
