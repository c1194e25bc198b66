# Writes an image as darknet's load_image + resize_image would feed it to the
# network: RGB planes (CHW), x/255, resized with darknet's corner-aligned
# bilinear (w_scale = (src_w-1)/(w-1)), first along x then along y, in float32.
# Usage: python3 darknet_resize.py <image> <width> <height> <out.raw>
import sys

import numpy as np
from PIL import Image


def resize_x(image, width):
    src_h, src_w, _ = image.shape
    out = np.empty((src_h, width, image.shape[2]), np.float32)
    w_scale = np.float32(src_w - 1) / np.float32(width - 1)
    for c in range(width):
        if c == width - 1 or src_w == 1:
            out[:, c] = image[:, src_w - 1]
            continue
        sx = np.float32(c) * w_scale
        ix = int(sx)
        dx = np.float32(sx - np.float32(ix))
        out[:, c] = (np.float32(1) - dx) * image[:, ix] + dx * image[:, ix + 1]
    return out


def resize_y(part, height):
    src_h = part.shape[0]
    out = np.empty((height,) + part.shape[1:], np.float32)
    h_scale = np.float32(src_h - 1) / np.float32(height - 1)
    for r in range(height):
        sy = np.float32(r) * h_scale
        iy = int(sy)
        dy = np.float32(sy - np.float32(iy))
        out[r] = (np.float32(1) - dy) * part[iy]
        # resize_image skips the second term on the last row (even if dy > 0).
        if r == height - 1 or src_h == 1:
            continue
        out[r] += dy * part[iy + 1]
    return out


def main():
    path, width, height, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    image = Image.open(path).convert("RGB")
    pixels = np.asarray(image, dtype=np.float32) / np.float32(255)
    resized = resize_y(resize_x(pixels, width), height)
    np.ascontiguousarray(resized.transpose(2, 0, 1)).astype("<f4").tofile(out_path)
    print(image.width, image.height)


main()
