# Writes the image files the decode tests read, each next to what
# cv2.imread returns for it (as raw RGB, or gray), made at test time with
# Pillow and OpenCV. Usage: python3 decode_cases.py OUT_DIR
# Prints one JSON object: case name -> {file, width, height, channels}.
import json
import sys

import cv2
import numpy as np
from PIL import Image

out = sys.argv[1]
rng = np.random.default_rng(7)
cases = {}


def noise(height, width, channels, dtype=np.uint8, top=256):
    shape = (height, width) if channels == 1 else (height, width, channels)
    return rng.integers(0, top, shape, dtype=dtype)


def reference(name, path, gray=False):
    """cv2.imread's answer for a file, stored as raw RGB (or gray)."""
    image = cv2.imread(path, cv2.IMREAD_GRAYSCALE if gray else cv2.IMREAD_COLOR)
    if not gray:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    raw = f"{out}/{name}.raw"
    np.ascontiguousarray(image).tofile(raw)
    cases[name] = {"file": path, "raw": raw, "width": image.shape[1], "height": image.shape[0],
                   "channels": 1 if gray else 3}


# 16-bit PNGs (IMREAD_COLOR keeps the high byte), gray and color.
cv2.imwrite(f"{out}/rgb16.png", noise(23, 31, 3, np.uint16, 65536))
reference("png 16-bit RGB", f"{out}/rgb16.png")
cv2.imwrite(f"{out}/gray16.png", noise(17, 29, 1, np.uint16, 65536))
reference("png 16-bit gray", f"{out}/gray16.png")
cv2.imwrite(f"{out}/rgba16.png", noise(9, 12, 4, np.uint16, 65536))
reference("png 16-bit RGBA", f"{out}/rgba16.png")

# Palette and gray PNGs with a tRNS chunk, gray+alpha.
palette = Image.fromarray(noise(20, 30, 3)).quantize(colors=13)
palette.info["transparency"] = bytes([0, 128, 255] + [255] * 10)
palette.save(f"{out}/palette-trns.png", transparency=bytes([0, 128, 255] + [255] * 10))
reference("png palette with tRNS", f"{out}/palette-trns.png")
Image.fromarray(noise(14, 19, 1)).save(f"{out}/gray-trns.png", transparency=77)
reference("png gray with tRNS", f"{out}/gray-trns.png")
Image.fromarray(noise(11, 13, 2), "LA").save(f"{out}/gray-alpha.png")
reference("png gray+alpha", f"{out}/gray-alpha.png")
Image.fromarray(noise(10, 6, 1) > 127).save(f"{out}/bilevel.png")
reference("png 1-bit", f"{out}/bilevel.png")

# A photo-like JPEG (smooth, so chroma matters), and its gray load.
y, x = np.mgrid[0:96, 0:128]
photo = np.stack([(x * 2) % 256, (y * 3) % 256, ((x + y) * 5) % 256], axis=2).astype(np.uint8)
Image.fromarray(photo).save(f"{out}/photo.jpg", quality=90)
reference("jpeg YCbCr as gray", f"{out}/photo.jpg", gray=True)
Image.fromarray(noise(64, 48, 1)).save(f"{out}/gray.jpg", quality=90)
reference("jpeg gray as gray", f"{out}/gray.jpg", gray=True)

# CMYK JPEG (Pillow writes Adobe, inverted, transform 0) and the same file
# marked YCCK (Adobe transform 2): libjpeg decodes both, OpenCV converts the
# CMYK it gets to BGR.
Image.fromarray(noise(40, 56, 4), "CMYK").save(f"{out}/cmyk.jpg", quality=92)
reference("jpeg CMYK", f"{out}/cmyk.jpg")
data = bytearray(open(f"{out}/cmyk.jpg", "rb").read())
adobe = data.find(b"Adobe")
data[adobe + 11] = 2
open(f"{out}/ycck.jpg", "wb").write(bytes(data))
reference("jpeg YCCK", f"{out}/ycck.jpg")

# EXIF orientation 1..8 on a non-square image, JPEG (APP1) and PNG (eXIf).
marked = np.zeros((30, 50, 3), np.uint8)
marked[:8, :12] = (255, 0, 0)
marked[-5:, -20:] = (0, 255, 0)
marked[10:20, 20:25] = (0, 0, 255)
for orientation in range(1, 9):
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(marked).save(f"{out}/orient{orientation}.jpg", exif=exif.tobytes(),
                                 quality=100, subsampling=0)
    reference(f"jpeg EXIF orientation {orientation}", f"{out}/orient{orientation}.jpg")
    Image.fromarray(marked).save(f"{out}/orient{orientation}.png", exif=exif.tobytes())
    reference(f"png eXIf orientation {orientation}", f"{out}/orient{orientation}.png")

# Formats trtmap refuses by name.
small = Image.fromarray(noise(8, 8, 3))
for name, extension in [("WebP", "webp"), ("GIF", "gif"), ("BMP", "bmp"), ("TIFF", "tiff")]:
    small.save(f"{out}/refused.{extension}")
    cases[f"refused {name}"] = {"file": f"{out}/refused.{extension}"}

print(json.dumps(cases))
