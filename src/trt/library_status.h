// Opening TensorRT at run time, as seen from outside src/trt.
#pragma once

#include "trt/types.h"

namespace trtmap {
namespace trt {

// Tries to open TensorRT's libraries (once they are open they stay open);
// never throws. Without TensorRT headers at build time: compiled = false.
LibraryStatus probeLibrary();

}  // namespace trt
}  // namespace trtmap
