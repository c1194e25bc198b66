# YOLOv8 / YOLO11 (anchor-free [1, 4 + C, anchors]) as `yolo val` evaluates an exported
# model. ultralytics/ultralytics, files as stored in the search index (8.x line; the
# package itself is not on the local pip index):
# - engine/validator.py (@ 002d0dd7) BaseValidator: conf None -> 0.001; non-PyTorch
#   backends get batch 1 and `rect = False` (square imgsz inference); cfg/default.yaml:
#   iou 0.7, max_det 300.
# - data/base.py (@ 002363f1) load_image(rect_mode=True): imread (BGR), r = imgsz /
#   max(h0, w0); if r != 1, cv2.resize to (min(ceil(w0 r), imgsz), min(ceil(h0 r),
#   imgsz)) with INTER_LINEAR (also when shrinking, unlike yolov5);
#   get_image_and_label: ratio_pad = (h / h0, w / w0).
# - data/augment.py (@ 0005af52) LetterBox(new_shape=(imgsz, imgsz), scaleup=False,
#   center=True) for val: r = min(..., 1); new_unpad = int(round(w r)), ...; top/bottom
#   = int(round(dh -+ 0.1)), left/right likewise, colour 114; ratio_pad becomes
#   (ratio_pad, (left, top)): the integer border, unlike yolov5's float dw, dh.
# - models/yolo/detect/val.py (@ 001c9908): img / 255 (CHW RGB); postprocess =
#   non_max_suppression(conf, iou, multi_label=True, agnostic=single_cls, max_det);
#   scale_boxes(ratio_pad) then pred_to_json: xyxy2xywh, xy -= wh / 2, bbox rounded to
#   3 decimals, score to 5, category coco80_to_coco91_class()[cls].
# - utils/nms.py (@ 008ad879) non_max_suppression: candidates amax(cls) > conf;
#   xywh2xyxy; multi-label: every (box, class) with cls > conf, (box, class) order;
#   only when n > max_nms (30000): sort and cut; torchvision nms of boxes + class * 7680
#   (torchvision is imported by validation, so TorchNMS is not used); first max_det.
# - utils/ops.py (@ 002217d4) scale_boxes(ratio_pad): boxes - pad, / gain (= h / h0),
#   clip_boxes to the original image.
# Arithmetic "repo" (float32 as torch) or "exact" (float64, no JSON rounding), as yolov5.py.
import math

import cv2
import numpy as np

from common import COCO80_TO_91
from torch_nms import descending, offset_nms

CONF, IOU, MAX_DET, MAX_NMS, MAX_WH = 0.001, 0.7, 300, 30000, 7680


def load_image(path, size):
    im = cv2.imread(path)
    if im is None:
        raise ValueError("cannot decode " + path)
    h0, w0 = im.shape[:2]
    r = size / max(h0, w0)
    if r != 1:
        w, h = min(math.ceil(w0 * r), size), min(math.ceil(h0 * r), size)
        im = cv2.resize(im, (w, h), interpolation=cv2.INTER_LINEAR)
    return im, (h0, w0), im.shape[:2]


def letterbox(im, size):
    """LetterBox(new_shape=(size, size), auto=False, scaleup=False, center=True)."""
    shape = im.shape[:2]
    r = min(min(size / shape[0], size / shape[1]), 1.0)
    new_unpad = int(round(shape[1] * r)), int(round(shape[0] * r))
    dw, dh = (size - new_unpad[0]) / 2, (size - new_unpad[1]) / 2
    if shape[::-1] != new_unpad:
        im = cv2.resize(im, new_unpad, interpolation=cv2.INTER_LINEAR)
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    im = cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(114, 114, 114))
    return im, left, top


def preprocess(path, size=640):
    im, (h0, w0), (h, w) = load_image(path, size)
    im, left, top = letterbox(im, size)
    tensor = np.ascontiguousarray(im.transpose(2, 0, 1)[::-1]).astype(np.float32) / np.float32(255)
    gain = h / h0
    placement = {"sourceWidth": w0, "sourceHeight": h0, "scaleX": gain, "scaleY": gain,
                 "offsetX": left, "offsetY": top}
    return tensor, placement


def non_max_suppression(prediction, exact, conf=CONF, iou=IOU, max_det=MAX_DET):
    """One image's [4 + C, anchors] output -> (xyxy boxes, scores, classes), best first."""
    F = np.float64 if exact else np.float32
    x = prediction.astype(F).T
    x = x[x[:, 4:].max(1) > F(conf)]
    xy, wh = x[:, :2], x[:, 2:4] / F(2)
    box = np.concatenate([xy - wh, xy + wh], 1)
    i, j = np.nonzero(x[:, 4:] > F(conf))
    box, score, cls = box[i], x[i, 4 + j], j
    if len(score) > MAX_NMS:
        order = descending(score)[:MAX_NMS]
        box, score, cls = box[order], score[order], cls[order]
    keep = offset_nms(box, score, cls, MAX_WH, iou, exact=exact)[:max_det]
    return box[keep], score[keep], cls[keep]


class Reference:
    family = "ultralytics"
    coco_ids = COCO80_TO_91

    def __init__(self, job):
        self.input_size = 640

    def preprocess(self, path):
        return preprocess(path, self.input_size)

    def postprocess(self, outputs, placement, image_id, exact):
        # The same scale_boxes / clip / JSON arithmetic as yolov5's, with (left, top) as pad.
        from yolov5 import coco_json, scale_boxes
        boxes, scores, classes = non_max_suppression(outputs[0][0], exact)
        boxes = scale_boxes(boxes, placement, exact)
        return coco_json(image_id, boxes, scores, classes, self.coco_ids, exact)
