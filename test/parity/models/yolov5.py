# YOLOv5 as its own val.py evaluates an exported model (ultralytics/yolov5 @ 5081342f,
# 2026-08-21):
# - val.py run(): non-PyTorch backends get batch 1 and `rect = pt` = False: square
#   640x640 inference; conf_thres 0.001, iou_thres 0.6, max_det 300, multi_label=True.
# - utils/dataloaders.py LoadImagesAndLabels.load_image(): cv2.imread (BGR); r = 640 /
#   max(h0, w0); if r != 1, cv2.resize to (ceil(w0 r), ceil(h0 r)) with INTER_AREA when
#   shrinking (not augmenting) and INTER_LINEAR when enlarging.
# - __getitem__: letterbox(img, 640, auto=False, scaleup=False) from
#   utils/augmentations.py: r = min(640/h, 640/w, 1); new_unpad = round(w r), round(h r);
#   dw, dh halves of the padding; border top/bottom = round(dh -+ 0.1), left/right =
#   round(dw -+ 0.1), colour 114; shapes = (h0, w0), ((h / h0, w / w0), (dw, dh)); then
#   HWC BGR -> CHW RGB, uint8 -> float32, / 255.
# - utils/general.py non_max_suppression(): candidates obj > conf; cls *= obj;
#   xywh2xyxy; multi-label: every (box, class) with cls > conf, in (box, class) order;
#   sort by score, first max_nms = 30000; torchvision nms of boxes + class * 7680;
#   first max_det. (The 0.5 s time limit is not reproduced.)
# - scale_boxes(img1_shape, boxes, img0_shape, ratio_pad): gain = ratio_pad[0][0] (the
#   height ratio, used for both axes), pad = ratio_pad[1] = (dw, dh) as floats, boxes =
#   (boxes - pad) / gain, then clip_boxes to the original image.
# - save_one_json(): xyxy2xywh, xy -= wh / 2, bbox rounded to 3 decimals, score to 5,
#   category coco80_to_coco91_class()[cls].
# All of it in float32 as torch computes it ("repo"), or in float64 without the JSON
# rounding ("exact": the same decisions free of float32 artifacts).
import math

import cv2
import numpy as np

from common import COCO80_TO_91
from torch_nms import offset_nms

CONF, IOU, MAX_DET, MAX_NMS, MAX_WH = 0.001, 0.6, 300, 30000, 7680


def load_image(path, size):
    """LoadImagesAndLabels.load_image with augment=False."""
    im = cv2.imread(path)
    if im is None:
        raise ValueError("cannot decode " + path)
    h0, w0 = im.shape[:2]
    r = size / max(h0, w0)
    if r != 1:
        interp = cv2.INTER_LINEAR if r > 1 else cv2.INTER_AREA
        im = cv2.resize(im, (math.ceil(w0 * r), math.ceil(h0 * r)), interpolation=interp)
    return im, (h0, w0), im.shape[:2]


def letterbox(im, new_shape, color=(114, 114, 114), scaleup=False):
    """utils/augmentations.py letterbox with auto=False, scaleFill=False."""
    shape = im.shape[:2]
    r = min(new_shape / shape[0], new_shape / shape[1])
    if not scaleup:
        r = min(r, 1.0)
    new_unpad = round(shape[1] * r), round(shape[0] * r)
    dw, dh = new_shape - new_unpad[0], new_shape - new_unpad[1]
    dw /= 2
    dh /= 2
    if shape[::-1] != new_unpad:
        im = cv2.resize(im, new_unpad, interpolation=cv2.INTER_LINEAR)
    top, bottom = round(dh - 0.1), round(dh + 0.1)
    left, right = round(dw - 0.1), round(dw + 0.1)
    im = cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=color)
    return im, (r, r), (dw, dh)


def preprocess(path, size=640):
    """-> CHW float32 RGB tensor, placement. The placement is what scale_boxes undoes:
    x_input = x_source * gain + dw with gain = h / h0 for both axes."""
    im, (h0, w0), (h, w) = load_image(path, size)
    im, _, (dw, dh) = letterbox(im, size)
    tensor = np.ascontiguousarray(im.transpose(2, 0, 1)[::-1]).astype(np.float32) / np.float32(255)
    gain = h / h0
    placement = {"sourceWidth": w0, "sourceHeight": h0, "scaleX": gain, "scaleY": gain,
                 "offsetX": dw, "offsetY": dh}
    return tensor, placement


def non_max_suppression(prediction, exact, conf=CONF, iou=IOU, max_det=MAX_DET):
    """One image's [anchors, 5 + C] rows -> (xyxy boxes, scores, classes) kept, best first."""
    F = np.float64 if exact else np.float32
    x = prediction.astype(F)
    x = x[x[:, 4] > F(conf)]
    scores = x[:, 5:] * x[:, 4:5]
    box = np.stack([x[:, 0] - x[:, 2] / F(2), x[:, 1] - x[:, 3] / F(2),
                    x[:, 0] + x[:, 2] / F(2), x[:, 1] + x[:, 3] / F(2)], 1)
    i, j = np.nonzero(scores > F(conf))
    box, score, cls = box[i], scores[i, j], j
    order = np.argsort(-score.astype(np.float64), kind="stable")[:MAX_NMS]
    box, score, cls = box[order], score[order], cls[order]
    keep = offset_nms(box, score, cls, MAX_WH, iou, exact=exact)[:max_det]
    return box[keep], score[keep], cls[keep]


def scale_boxes(boxes, placement, exact):
    """scale_boxes with ratio_pad = ((gain, ...), (dw, dh)), then clip_boxes."""
    F = np.float64 if exact else np.float32
    b = boxes.astype(F).copy()
    b[:, [0, 2]] -= F(placement["offsetX"])
    b[:, [1, 3]] -= F(placement["offsetY"])
    b /= F(placement["scaleY"])
    b[:, [0, 2]] = np.clip(b[:, [0, 2]], F(0), F(placement["sourceWidth"]))
    b[:, [1, 3]] = np.clip(b[:, [1, 3]], F(0), F(placement["sourceHeight"]))
    return b


def coco_json(image_id, boxes, scores, classes, coco_ids, exact):
    """save_one_json (repo: float32 xywh and the JSON rounding; exact: corners as computed)."""
    out = []
    for b, s, c in zip(boxes, scores, classes):
        if exact:
            bbox = [float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])]
            score = float(s)
        else:
            w, h = b[2] - b[0], b[3] - b[1]
            cx, cy = (b[0] + b[2]) / np.float32(2), (b[1] + b[3]) / np.float32(2)
            bbox = [round(float(v), 3) for v in (cx - w / np.float32(2), cy - h / np.float32(2), w, h)]
            score = round(float(s), 5)
        out.append({"image_id": image_id, "category_id": coco_ids[int(c)], "bbox": bbox, "score": score})
    return out


class Reference:
    family = "yolov5"
    coco_ids = COCO80_TO_91

    def __init__(self, job):
        self.input_size = 640

    def preprocess(self, path):
        return preprocess(path, self.input_size)

    def postprocess(self, outputs, placement, image_id, exact):
        prediction = outputs[0][0]
        boxes, scores, classes = non_max_suppression(prediction, exact)
        boxes = scale_boxes(boxes, placement, exact)
        return coco_json(image_id, boxes, scores, classes, self.coco_ids, exact)
