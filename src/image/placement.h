// Geometry of stretch, letterbox and keep-ratio resizing (host only), and the
// resampling each image gets.
#pragma once

#include "image/preprocess_spec.h"

namespace trtmap {
namespace image {

// Stretch: the image fills the input (resized = W x H).
// Letterbox and keep-ratio: r = min(W / w, H / h) in double (capped at 1 when
// !scaleUp); resized = (rounding of w * r, rounding of h * r), each clamped
// to 1..W (1..H):
//   HalfEven: Python's round(w * r)    (yolov5 / Ultralytics letterbox())
//   Floor:    int(w * r)               (YOLOX preproc; the limiting side too,
//                                       which comes out W - 1 for some w)
//   Ceil:     min(ceil(w * r), W)      (yolov5 / Ultralytics load_image)
//   Integer:  the limiting side is W, the other (h * W) / w in integers
//             (darknet's letterbox_image; NanoDet's C++ resize_uniform and
//             tensorrt_demos floor the other side in double, which differs
//             for about 1 size in 10,000)
// The offset is floor((W - resized) / 2) when centred (yolov5's
// round(dw - 0.1) on a half-integer dw is the same), else 0. Letterbox maps
// boxes back with the per-axis pixel scale resized / source; keep-ratio with
// r itself on both axes (lib/image/transform.ts).
// Area resolves to AreaFast, Area or Bilinear as cv2.resize would choose.
ImagePlacement placeImage(const PreprocessSpec& spec, int sourceWidth, int sourceHeight);

// Throws ERR_INVALID_ARGUMENT for any field the kernels could misbehave on.
void checkSpec(const PreprocessSpec& spec);

}  // namespace image
}  // namespace trtmap
