// The preprocessing a model's input needs, as plain data shared by the CPU
// reference (preprocess_cpu.cc) and the CUDA kernel (preprocess_kernel.cu).
// C++14: nvcc of CUDA 10.2 compiles this.
//
// Normalization, per output channel c (in the output channel order):
//     out = (value * scale - mean[c]) / std[c]
// computed in float32 as three correctly rounded operations in this order
// (no fused multiply-add), where `value` is the resized pixel in 0..255. For
// 'bilinear' and 'nearest' `value` is an integer (bilinear rounds like
// cv2.resize on uint8 images); for 'darknet' it is darknet's float result.
// Letterbox padding uses value = padValue.
#pragma once

namespace trtmap {
namespace image {

enum class ResizeMode : int { Stretch = 0, Letterbox = 1 };
enum class Interpolation : int { Bilinear = 0, Darknet = 1, Nearest = 2 };
enum class Layout : int { NCHW = 0, NHWC = 1 };
enum class DType : int { Float32 = 0, Float16 = 1 };

struct PreprocessSpec {
  int width;
  int height;
  ResizeMode resize;
  bool centered;  // letterbox: center the image (else top-left)
  float padValue; // letterbox: pixel value of the border, 0..255
  Interpolation interpolation;
  bool bgr;  // output channel order; decoded images are RGB
  float scale;
  float mean[3];
  float std[3];
  Layout layout;
  DType dtype;
};

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
  // OpenCV: scale_x = 1 / ((double)dsize.width / ssize.width).
  double opencvScaleX;
  double opencvScaleY;
  // darknet: w_scale = (float)(im.w - 1) / (w - 1) (0 when w == 1).
  float darknetScaleX;
  float darknetScaleY;
};

inline int channelsOf(const PreprocessSpec&) { return 3; }

inline int bytesPerElement(const PreprocessSpec& spec) {
  return spec.dtype == DType::Float16 ? 2 : 4;
}

}  // namespace image
}  // namespace trtmap
