// The preprocessing a model's input needs, as plain data shared by the CPU
// reference (preprocess_cpu.cc) and the CUDA kernel (preprocess_kernel.cu).
// C++14: nvcc of CUDA 10.2 compiles this.
//
// Normalization, per output channel c (in the output channel order):
//     out = (value * scale - mean[c]) / std[c]
// computed in float32 as three correctly rounded operations in this order
// (no fused multiply-add), where `value` is the resized pixel in 0..255. For
// 'bilinear', 'area' and 'nearest' `value` is an integer (rounded as
// cv2.resize rounds on uint8 images). Letterbox padding uses value = padValue.
// dtype uint8 writes `value` itself (scale 1, mean 0, std 1 are required).
//
// 'darknet' scales before resizing, as darknet does (load_image stores
// data / 255. as floats, then resize_image interpolates those): each source
// byte p becomes darknetPixel[p] = (float)(p * scale), the product taken in
// double from the caller's double scale (for scale = 1/255 that equals
// darknet's (float)(p / 255.) for every p), the resize works on those floats,
// and normalization is then out = (value - mean[c]) / std[c].
//
// channels = 1: each source pixel is first converted to one gray byte
// (grayConversion, see sampling.h), then resized; mean[0] and std[0] apply.
#pragma once

#include "image/host_device.h"

namespace trtmap {
namespace image {

// Stretch fills the input. Letterbox and KeepRatio scale by one ratio
// r = min(W / w, H / h) and pad; they differ only in the box transform they
// report (image/placement.h).
enum class ResizeMode : int { Stretch = 0, Letterbox = 1, KeepRatio = 2 };
// How the scaled size w * r becomes whole pixels (image/placement.h); None
// maps the image by x' = r x + shift exactly, warped as NanoDet does.
enum class SizeRounding : int { HalfEven = 0, Floor = 1, Ceil = 2, Integer = 3, None = 4 };
// Area: cv2.INTER_AREA while the image shrinks on both axes, else Bilinear
// (yolov5's rule); resolved per image in ImagePlacement::sampler.
enum class Interpolation : int { Bilinear = 0, Darknet = 1, Nearest = 2, Area = 3 };
enum class Layout : int { NCHW = 0, NHWC = 1 };
enum class DType : int { Float32 = 0, Float16 = 1, UInt8 = 2 };
enum class GrayConversion : int { OpenCv = 0, Darknet = 1 };

struct PreprocessSpec {
  int width;
  int height;
  ResizeMode resize;
  bool centered;  // letterbox / keep-ratio: center the image (else top-left)
  SizeRounding rounding;
  bool scaleUp;    // letterbox / keep-ratio: false caps r at 1 (never enlarge)
  float padValue;  // letterbox / keep-ratio: pixel value of the border, 0..255
  Interpolation interpolation;
  int channels;  // 3, or 1 (gray)
  GrayConversion grayConversion;
  bool bgr;  // output channel order (3 channels); decoded images are RGB
  float scale;
  float mean[3];
  float std[3];
  Layout layout;
  DType dtype;
  // 'darknet' only: the scaled source values and padding (see above).
  float darknetPixel[256];
  float darknetPad;
};

// Fills darknetPixel and darknetPad from the double-precision scale.
inline void setDarknetScaling(PreprocessSpec& spec, double scale) {
  for (int value = 0; value < 256; ++value) spec.darknetPixel[value] = static_cast<float>(value * scale);
  spec.darknetPad = static_cast<float>(spec.padValue * scale);
}

// The resampling one image actually gets ('area' resolves per image).
enum class Sampler : int { Bilinear = 0, Darknet = 1, Nearest = 2, Area = 3, AreaFast = 4, Warp = 5 };

// Where one decoded image (RGB8, interleaved) lands in the model input, and
// the per-axis constants each resize method derives from the sizes (computed
// once on the host, so CPU and GPU use bit-identical values).
struct ImagePlacement {
  int sourceWidth;
  int sourceHeight;
  int resizedWidth;
  int resizedHeight;
  int offsetX;
  int offsetY;
  // The scale r the placement used (letterbox / keep-ratio), else resized / source width.
  double ratio;
  Sampler sampler;
  // OpenCV: scale_x = 1 / ((double)dsize.width / ssize.width).
  double opencvScaleX;
  double opencvScaleY;
  // AreaFast: OpenCV's integer scales (resizeAreaFast_).
  int areaScaleX;
  int areaScaleY;
  // darknet: w_scale = (float)(im.w - 1) / (w - 1) (0 when w == 1).
  float darknetScaleX;
  float darknetScaleY;
  // Warp: the input pixel (x, y) samples the source at (warpScale * x +
  // warpShiftX, warpScale * y + warpShiftY) in float32 - cv2.warpPerspective's
  // inverse map of NanoDet's x' = ratio * x + warpOffsetX (double, reported
  // for boxes). resized* cover the whole input, offset* are 0.
  float warpScale;
  float warpShiftX;
  float warpShiftY;
  double warpOffsetX;
  double warpOffsetY;
};

TRTMAP_HOST_DEVICE inline int channelsOf(const PreprocessSpec& spec) { return spec.channels == 1 ? 1 : 3; }

TRTMAP_HOST_DEVICE inline int bytesPerElement(const PreprocessSpec& spec) {
  return spec.dtype == DType::Float16 ? 2 : (spec.dtype == DType::UInt8 ? 1 : 4);
}

}  // namespace image
}  // namespace trtmap
