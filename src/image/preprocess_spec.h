// The preprocessing a model's input needs, as plain data shared by the CPU
// reference (preprocess_cpu.cc) and the CUDA kernel (preprocess_kernel.cu).
// C++14: nvcc of CUDA 10.2 compiles this.
//
// Normalization, per output channel c (in the output channel order):
//     out = (value * scale - mean[c]) / std[c]
// computed in float32 as three correctly rounded operations in this order
// (no fused multiply-add), where `value` is the resized pixel in 0..255. For
// 'bilinear' and 'nearest' `value` is an integer (bilinear rounds like
// cv2.resize on uint8 images). Letterbox padding uses value = padValue.
//
// 'darknet' scales before resizing, as darknet does (load_image stores
// data / 255. as floats, then resize_image interpolates those): each source
// byte p becomes darknetPixel[p] = (float)(p * scale), the product taken in
// double from the caller's double scale (for scale = 1/255 that equals
// darknet's (float)(p / 255.) for every p), the resize works on those floats,
// and normalization is then out = (value - mean[c]) / std[c].
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
  // 'darknet' only: the scaled source values and padding (see above).
  float darknetPixel[256];
  float darknetPad;
};

// Fills darknetPixel and darknetPad from the double-precision scale.
inline void setDarknetScaling(PreprocessSpec& spec, double scale) {
  for (int value = 0; value < 256; ++value) spec.darknetPixel[value] = static_cast<float>(value * scale);
  spec.darknetPad = static_cast<float>(spec.padValue * scale);
}

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
