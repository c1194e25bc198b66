# Preprocessing of the reference pipeline: OpenCV decode and INTER_LINEAR
# resize for the common presets, a numpy transcription of darknet's
# resize_image (corner-aligned, x then y, float32) for the yolo preset.
import cv2
import numpy as np


def darknet_resize(image, width, height):
    """darknet's resize_image on an HWC float32 image in 0..1."""
    src_h, src_w, _ = image.shape
    w_scale = np.float32(src_w - 1) / np.float32(width - 1)
    sx = np.arange(width, dtype=np.float32) * w_scale
    ix = sx.astype(np.int64)
    dx = (sx - ix.astype(np.float32))[None, :, None]
    right = np.minimum(ix + 1, src_w - 1)
    part = (np.float32(1) - dx) * image[:, ix] + dx * image[:, right]
    # The last column copies the last source column.
    part[:, width - 1] = image[:, src_w - 1]
    h_scale = np.float32(src_h - 1) / np.float32(height - 1)
    sy = np.arange(height, dtype=np.float32) * h_scale
    iy = sy.astype(np.int64)
    dy = (sy - iy.astype(np.float32))[:, None, None]
    below = np.minimum(iy + 1, src_h - 1)
    out = (np.float32(1) - dy) * part[iy]
    # darknet adds the second term on every row but the last.
    out[: height - 1] += (dy * part[below])[: height - 1]
    return out


def preprocess(preset, path, width, height):
    """Returns (CHW float32 tensor, placement) or raises for an unreadable image."""
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    if bgr is None:
        raise ValueError("cannot decode " + path)
    src_h, src_w = bgr.shape[:2]
    if preset == "yolo":
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).astype(np.float32) / np.float32(255)
        tensor = darknet_resize(rgb, width, height)
    else:
        resized = cv2.resize(bgr, (width, height), interpolation=cv2.INTER_LINEAR)
        if preset == "fastestdet":
            tensor = resized.astype(np.float32) / np.float32(255)
        else:
            rgb = cv2.cvtColor(resized, cv2.COLOR_BGR2RGB).astype(np.float32)
            tensor = (rgb - np.float32(128)) / np.float32(128)
    placement = {"sourceWidth": src_w, "sourceHeight": src_h, "scaleX": width / src_w,
                 "scaleY": height / src_h, "offsetX": 0.0, "offsetY": 0.0}
    return np.ascontiguousarray(tensor.transpose(2, 0, 1), dtype=np.float32), placement
