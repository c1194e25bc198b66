# Seed corpora for the native fuzzers, generated (nothing copied from the
# fixtures): small JPEGs and PNGs of every kind trtmap decodes, a few
# refused formats, EXIF blocks, and random bytes for the structured fuzzers.
# Usage: python3 fuzz/make_seeds.py OUT_DIR   (writes OUT_DIR/<fuzzer>/...)
import io
import os
import random
import sys

import numpy as np
from PIL import Image

out = sys.argv[1]
rng = np.random.default_rng(1)
random.seed(1)


def write(fuzzer, name, data):
    folder = os.path.join(out, fuzzer)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as file:
        file.write(data)


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def noise(height, width, mode):
    channels = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4, "CMYK": 4}[mode]
    shape = (height, width) if channels == 1 else (height, width, channels)
    return Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8), mode)


# decode_fuzzer: the first byte holds the options (gray, gray conversion, orientation).
images = {
    "rgb.jpg": encoded(noise(12, 17, "RGB"), "JPEG", quality=80),
    "rgb444.jpg": encoded(noise(9, 8, "RGB"), "JPEG", subsampling=0),
    "progressive.jpg": encoded(noise(16, 16, "RGB"), "JPEG", progressive=True),
    "gray.jpg": encoded(noise(8, 11, "L"), "JPEG"),
    "cmyk.jpg": encoded(noise(8, 8, "CMYK"), "JPEG"),
    "rgb.png": encoded(noise(7, 9, "RGB"), "PNG"),
    "rgba.png": encoded(noise(5, 6, "RGBA"), "PNG"),
    "gray-alpha.png": encoded(noise(5, 6, "LA"), "PNG"),
    "palette.png": encoded(noise(6, 6, "RGB").quantize(colors=5), "PNG", transparency=1),
    "interlaced.png": encoded(noise(9, 9, "RGB"), "PNG", interlace=True),
    "gray16.png": encoded(Image.fromarray(rng.integers(0, 65535, (4, 5), dtype=np.uint16)), "PNG"),
    "bilevel.png": encoded(noise(5, 13, "L").convert("1"), "PNG"),
    "refused.gif": encoded(noise(4, 4, "RGB"), "GIF"),
    "refused.bmp": encoded(noise(4, 4, "RGB"), "BMP"),
    "refused.tiff": encoded(noise(4, 4, "RGB"), "TIFF"),
}
for orientation in (3, 6, 8):
    exif = Image.Exif()
    exif[0x0112] = orientation
    images[f"exif{orientation}.jpg"] = encoded(noise(6, 10, "RGB"), "JPEG", exif=exif.tobytes())
    images[f"exif{orientation}.png"] = encoded(noise(6, 10, "RGB"), "PNG", exif=exif.tobytes())
for index, (name, data) in enumerate(sorted(images.items())):
    write("decode_fuzzer", name, bytes([index % 8]) + data)

# exif_fuzzer: TIFF blocks and whole JPEGs.
for orientation in range(1, 9):
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "trtmap seed camera"
    write("exif_fuzzer", f"tiff{orientation}", exif.tobytes())
write("exif_fuzzer", "jpeg", images["exif6.jpg"])

# encode_fuzzer and preprocess_fuzzer read structured fields from random bytes.
for index in range(24):
    write("encode_fuzzer", f"random{index}", random.randbytes(32 + 40 * index))
    write("preprocess_fuzzer", f"random{index}", random.randbytes(48 + 60 * index))
