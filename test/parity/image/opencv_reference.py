# Independent references for trtmap's preprocessing modes, written from the
# repositories' own code (named per function) on top of opencv-python.
# Usage: python3 opencv_reference.py manifest.json
# The manifest lists cases {input, width, height, op, ...}; each input is raw
# RGB8 (HWC) and each output is written raw (uint8 HWC, or JSON for sizes).
import json
import math
import sys

import cv2
import numpy as np


def yolov5_letterbox(im, new_shape, color, scaleup):
    """ultralytics/yolov5 utils/augmentations.py letterbox(auto=False)."""
    shape = im.shape[:2]
    r = min(new_shape[0] / shape[0], new_shape[1] / shape[1])
    if not scaleup:
        r = min(r, 1.0)
    new_unpad = round(shape[1] * r), round(shape[0] * r)
    dw, dh = new_shape[1] - new_unpad[0], new_shape[0] - new_unpad[1]
    dw /= 2
    dh /= 2
    if shape[::-1] != new_unpad:
        im = cv2.resize(im, new_unpad, interpolation=cv2.INTER_LINEAR)
    top, bottom = round(dh - 0.1), round(dh + 0.1)
    left, right = round(dw - 0.1), round(dw + 0.1)
    im = cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=color)
    return im, (left, top)


def yolov5_val(im, size, color):
    """yolov5 val: LoadImagesAndLabels.load_image (area when shrinking, ceil) then
    letterbox(auto=False, scaleup=False), for a square img_size."""
    h0, w0 = im.shape[:2]
    r = size / max(h0, w0)
    if r != 1:
        interp = cv2.INTER_LINEAR if r > 1 else cv2.INTER_AREA
        im = cv2.resize(im, (math.ceil(w0 * r), math.ceil(h0 * r)), interpolation=interp)
    return yolov5_letterbox(im, (size, size), color, scaleup=False)


def yolox_preproc(img, input_size):
    """Megvii-BaseDetection/YOLOX yolox/data/data_augment.py preproc (before the transpose)."""
    padded_img = np.ones((input_size[0], input_size[1], img.shape[2]), dtype=np.uint8) * 114
    r = min(input_size[0] / img.shape[0], input_size[1] / img.shape[1])
    resized_img = cv2.resize(
        img, (int(img.shape[1] * r), int(img.shape[0] * r)), interpolation=cv2.INTER_LINEAR
    ).astype(np.uint8)
    padded_img[: int(img.shape[0] * r), : int(img.shape[1] * r)] = resized_img
    return padded_img, (0, 0)


def nanodet_resize_uniform(src, dst_w, dst_h):
    """RangiLyu/nanodet demo_ncnn/nanodet.cpp resize_uniform (border 0)."""
    h, w = src.shape[:2]
    dst = np.zeros((dst_h, dst_w, src.shape[2]), np.uint8)
    # float ratio_src = w * 1.0 / h: computed in double, stored as float.
    ratio_src, ratio_dst = np.float32(w * 1.0 / h), np.float32(dst_w * 1.0 / dst_h)
    if ratio_src > ratio_dst:
        tmp_w, tmp_h = dst_w, math.floor((dst_w * 1.0 / w) * h)
    elif ratio_src < ratio_dst:
        tmp_h, tmp_w = dst_h, math.floor((dst_h * 1.0 / h) * w)
    else:
        return cv2.resize(src, (dst_w, dst_h)), (0, 0)
    tmp = cv2.resize(src, (tmp_w, tmp_h))
    x, y = math.floor((dst_w - tmp_w) / 2.0), math.floor((dst_h - tmp_h) / 2.0)
    dst[y : y + tmp_h, x : x + tmp_w] = tmp
    return dst, (x, y)


def nanodet_warp(img, dst_w, dst_h):
    """RangiLyu/nanodet nanodet/data/transform/warp.py: warp_and_resize for
    evaluation (no augmentation) with keep_ratio=True, border 0."""
    height, width = img.shape[:2]
    C = np.eye(3)
    C[0, 2] = -width / 2
    C[1, 2] = -height / 2
    T = np.eye(3)
    T[0, 2] = 0.5 * width
    T[1, 2] = 0.5 * height
    M = T @ C
    # get_resize_matrix((width, height), (dst_w, dst_h), keep_ratio=True)
    Cr = np.eye(3)
    Cr[0, 2] = -width / 2
    Cr[1, 2] = -height / 2
    ratio = dst_h / height if width / height < dst_w / dst_h else dst_w / width
    Rs = np.eye(3)
    Rs[0, 0] *= ratio
    Rs[1, 1] *= ratio
    Tr = np.eye(3)
    Tr[0, 2] = 0.5 * dst_w
    Tr[1, 2] = 0.5 * dst_h
    M = (Tr @ Rs @ Cr) @ M
    out = cv2.warpPerspective(img, M, dsize=(dst_w, dst_h))
    return out, (float(M[0, 2]), float(M[1, 2]))


def darknet_letterbox_size(im_w, im_h, w, h):
    """pjreddie/darknet src/image.c letterbox_image: sizes and offsets (C int arithmetic)."""
    f = np.float32
    if f(w) / f(im_w) < f(h) / f(im_h):
        new_w, new_h = w, (im_h * w) // im_w
    else:
        new_h, new_w = h, (im_w * h) // im_h
    return new_w, new_h, (w - new_w) // 2, (h - new_h) // 2


def run(case, image):
    op = case["op"]
    if case.get("gray"):
        image = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)[:, :, None]
    if op == "resize":
        out = cv2.resize(image, (case["width"], case["height"]),
                         interpolation=getattr(cv2, case["interpolation"]))
        return out.reshape(case["height"], case["width"], -1), None
    if op == "yolov5-letterbox":
        out, offset = yolov5_letterbox(image, (case["height"], case["width"]),
                                       (case["pad"],) * 3, case.get("scaleup", True))
    elif op == "yolov5-val":
        out, offset = yolov5_val(image, case["width"], (case["pad"],) * 3)
    elif op == "yolox":
        out, offset = yolox_preproc(image, (case["height"], case["width"]))
    elif op == "nanodet-warp":
        out, offset = nanodet_warp(image, case["width"], case["height"])
    elif op == "nanodet-resize-uniform":
        out, offset = nanodet_resize_uniform(image, case["width"], case["height"])
    else:
        raise ValueError(op)
    return out.reshape(case["height"], case["width"], -1), offset


def main():
    manifest = json.load(open(sys.argv[1]))
    answers = []
    for case in manifest:
        if case["op"] == "darknet-letterbox-size":
            answers.append(darknet_letterbox_size(case["sourceWidth"], case["sourceHeight"],
                                                  case["width"], case["height"]))
            continue
        raw = np.fromfile(case["input"], np.uint8)
        image = raw.reshape(case["sourceHeight"], case["sourceWidth"], 3)
        out, offset = run(case, image)
        np.ascontiguousarray(out).tofile(case["output"])
        answers.append(offset)
    print(json.dumps(answers))


if __name__ == "__main__":
    main()
