# darknet YOLO models as AlexeyAB darknet evaluates them (AlexeyAB/darknet @ 59596d78,
# 2025-12-15), by one of its two routes (job["route"]):
# - "map" (default): src/detector.c validate_detector_map, which the models' published
#   figures come from: get_network_boxes(net, 1, 1, ...) so boxes (and the NMS) are in
#   fractions of the image, nms .45 with the cfg's nms_kind and beta_nms. Its threshold
#   is .005; this reference takes 0.001 as every mAP evaluation here (job["thresh"]).
#   The detections are then written in pixels as print_cocos writes them.
# - "valid": validate_detector, the route that writes coco_results.json: thresh .001,
#   nms .6, boxes and NMS in image pixels (get_network_boxes(net, w, h, ...)).
# Both load images as load_image + resize_image (letterbox_image when the [net] has
# letter_box=1).
# - src/image_opencv.cpp load_image_cv / mat_to_image: cv::imread, BGR -> RGB, p / 255.f;
#   src/image.c resize_image: the numpy transcription in ../pipeline/reference_preprocess.py.
# - src/yolo_layer.c forward_yolo_layer: logistic on x, y (then x * scale_x_y - (scale_x_y
#   - 1) / 2), objectness and classes (new_coords: none of that); get_yolo_detections:
#   cells with objectness > thresh, prob = objectness * class if > thresh else 0;
#   get_yolo_box: x = (col + tx) / lw, w = exp(tw) * anchor / netw (new_coords: (2 tw)^2);
#   correct_yolo_boxes with relative = 0: x * w, w * w with w the width passed ("map": 1).
# - src/box.c diounms_sort (nms_kind greedynms): per class, by descending prob (qsort;
#   equal probabilities are taken in detection order here), a box with prob > 0 zeroes
#   the prob of each later box with box_diou > nms, box_diou = IoU - (d^2 / c^2)^0.6 in
#   the boxes' coordinates; do_nms_sort (default kind) the same with IoU.
# - src/detector.c print_cocos: corners clipped to the image, [x, y, w, h] and every
#   class with prob > 0, printed with %f; no cap (pycocotools keeps 100).
# The network runs as the reference's own ONNX transcription of the cfg and weights
# (darknet_onnx.py) on ONNX Runtime, or as a given ONNX model with one raw output per
# [yolo] layer in cfg order (trtmap's converted one). Arithmetic "repo" (float32 as
# darknet, %f output) or "exact" (float64, unrounded).
import os
import sys

import cv2
import numpy as np

from common import COCO80_TO_91, VOC_CLASSES

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pipeline"))
from reference_preprocess import darknet_resize  # noqa: E402

ROUTES = {"map": {"nms": 0.45, "relative": True}, "valid": {"nms": 0.6, "relative": False}}
VOC_COCO = [5, 2, 16, 9, 44, 6, 3, 17, 62, 21, 67, 18, 19, 4, 1, 64, 20, 63, 7, 72]


def read_cfg(path):
    """[section] -> list of (name, {key: value}) in file order."""
    sections = []
    with open(path) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            if line.startswith("["):
                sections.append((line.strip("[]"), {}))
            elif "=" in line:
                key, value = line.split("=", 1)
                sections[-1][1][key.strip()] = value.strip()
    return sections


def yolo_heads(sections):
    heads = []
    for name, options in sections:
        if name == "yolo":
            numbers = lambda key: [float(v) for v in options[key].split(",") if v.strip()]
            heads.append({
                "mask": [int(v) for v in numbers("mask")], "anchors": numbers("anchors"),
                "classes": int(options["classes"]), "scale_x_y": float(options.get("scale_x_y", 1)),
                "new_coords": int(options.get("new_coords", 0)),
                "nms_kind": options.get("nms_kind", "default"), "beta_nms": float(options.get("beta_nms", 0.6)),
            })
    return heads


def preprocess(path, width, height, letter_box):
    bgr = cv2.imread(path)
    if bgr is None:
        raise ValueError("cannot decode " + path)
    h0, w0 = bgr.shape[:2]
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).astype(np.float32) / np.float32(255)
    if letter_box:
        raise NotImplementedError("letter_box=1 models are not among the fixtures")
    tensor = np.ascontiguousarray(darknet_resize(rgb, width, height).transpose(2, 0, 1), dtype=np.float32)
    placement = {"sourceWidth": w0, "sourceHeight": h0, "scaleX": width / w0, "scaleY": height / h0,
                 "offsetX": 0.0, "offsetY": 0.0}
    return tensor, placement


def yolo_detections(output, head, netw, neth, w, h, thresh, F):
    """forward_yolo_layer activations + get_yolo_detections + correct_yolo_boxes (relative 0)
    for one head, in darknet's order (cell, then anchor) -> boxes [n, 4] in darknet's
    centre form (x, y, w, h) in pixels, and probabilities [n, C] (0 below the threshold)."""
    classes = head["classes"]
    rows, cols = output.shape[-2:]
    data = output.reshape(len(head["mask"]), 5 + classes, rows * cols).astype(F)
    sigmoid = lambda v: F(1) / (F(1) + np.exp(-v))
    s = F(head["scale_x_y"])
    cell = np.arange(rows * cols)
    col, row = (cell % cols).astype(F), (cell // cols).astype(F)
    boxes, objectness, probs = [], [], []
    for n, anchor in enumerate(head["mask"]):
        t = data[n]
        aw, ah = F(head["anchors"][2 * anchor]), F(head["anchors"][2 * anchor + 1])
        if head["new_coords"]:
            tx, ty, obj, cls = t[0], t[1], t[4], t[5:]
            bw, bh = t[2] * t[2] * F(4) * aw / F(netw), t[3] * t[3] * F(4) * ah / F(neth)
        else:
            tx = sigmoid(t[0]) * s - F(0.5) * (s - F(1))
            ty = sigmoid(t[1]) * s - F(0.5) * (s - F(1))
            obj, cls = sigmoid(t[4]), sigmoid(t[5:])
            bw, bh = np.exp(t[2]) * aw / F(netw), np.exp(t[3]) * ah / F(neth)
        x, y = (col + tx) / F(cols), (row + ty) / F(rows)
        boxes.append(np.stack([x * F(w), y * F(h), bw * F(w), bh * F(h)], 1))
        objectness.append(obj)
        prob = (obj[None, :] * cls).T
        probs.append(np.where(prob > F(thresh), prob, F(0)))
    boxes = np.stack(boxes, 1).reshape(-1, 4)
    objectness = np.stack(objectness, 1).reshape(-1)
    probs = np.stack(probs, 1).reshape(-1, classes)
    keep = objectness > F(thresh)
    return boxes[keep], probs[keep]


def overlap_matrix(boxes, kind, F):
    """box.c box_diou (greedynms: IoU - (d^2 / c^2)^0.6, pow in double) or box_iou between
    every pair of darknet centre-form boxes; at most a few thousand boxes per image."""
    x, y, w, h = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    x1, y1, x2, y2 = x - w / F(2), y - h / F(2), x + w / F(2), y + h / F(2)
    ow = np.minimum(x2[:, None], x2[None]) - np.maximum(x1[:, None], x1[None])
    oh = np.minimum(y2[:, None], y2[None]) - np.maximum(y1[:, None], y1[None])
    inter = np.where((ow < 0) | (oh < 0), F(0), ow * oh)
    union = (w * h)[:, None] + (w * h)[None] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = np.where((inter == 0) | (union == 0), F(0), inter / union)
        if kind != "greedynms":
            return iou
        cw = np.maximum(x2[:, None], x2[None]) - np.minimum(x1[:, None], x1[None])
        ch = np.maximum(y2[:, None], y2[None]) - np.minimum(y1[:, None], y1[None])
        c = cw * cw + ch * ch
        d = (x[:, None] - x[None]) ** 2 + (y[:, None] - y[None]) ** 2
        u = np.power((d / c).astype(np.float64), 0.6).astype(F)
    return np.where(c == 0, iou, iou - u)


def nms_sort(boxes, probs, kind, threshold, F):
    """diounms_sort / do_nms_sort: zeroes suppressed probabilities, class by class."""
    probs = probs.copy()
    overlaps = overlap_matrix(boxes, kind, F)
    for k in range(probs.shape[1]):
        order = np.argsort(-probs[:, k].astype(np.float64), kind="stable")
        order = order[probs[order, k] > 0]
        alive = np.ones(len(order), dtype=bool)
        for i in range(len(order)):
            if alive[i]:
                alive[i + 1:] &= ~(overlaps[order[i], order[i + 1:]] > F(threshold))
        probs[order[~alive], k] = 0
    return probs


def print_cocos(image_id, boxes, probs, w, h, category_ids, exact):
    """detector.c print_cocos: clipped corners in pixels, one entry per class with prob > 0 (%f)."""
    out = []
    fmt = (lambda v: float(v)) if exact else (lambda v: float("%f" % v))
    for b, p in zip(boxes, probs):
        xmin, ymin = b[0] - b[2] / 2, b[1] - b[3] / 2
        xmax, ymax = b[0] + b[2] / 2, b[1] + b[3] / 2
        xmin, ymin = max(xmin, 0), max(ymin, 0)
        xmax, ymax = min(xmax, w), min(ymax, h)
        bbox = [fmt(xmin), fmt(ymin), fmt(xmax - xmin), fmt(ymax - ymin)]
        for j in np.nonzero(p > 0)[0]:
            out.append({"image_id": image_id, "category_id": category_ids[j], "bbox": bbox, "score": fmt(p[j])})
    return out


class Reference:
    """`job` names the cfg (decoding and NMS settings are read from it, not from any
    metadata) and the weights, which darknet_onnx.py writes as an ONNX graph into
    job["work"]; or `model`, an ONNX file with one raw output per [yolo] layer."""
    family = "darknet"

    def __init__(self, job):
        self.route = ROUTES[job.get("route", "map")]
        self.thresh = job.get("thresh", 0.001)
        sections = read_cfg(job["cfg"])
        net = sections[0][1]
        self.width, self.height = int(net["width"]), int(net["height"])
        self.letter_box = int(net.get("letter_box", 0))
        self.heads = yolo_heads(sections)
        classes = self.heads[0]["classes"]
        self.coco_ids = COCO80_TO_91 if classes == 80 else VOC_COCO if classes == 20 else list(range(1, classes + 1))
        if job.get("model") is None:
            from darknet_onnx import write
            self.model = write(job["cfg"], job["weights"], job["work"])

    def preprocess(self, path):
        return preprocess(path, self.width, self.height, self.letter_box)

    def postprocess(self, outputs, placement, image_id, exact):
        F = np.float64 if exact else np.float32
        w, h = placement["sourceWidth"], placement["sourceHeight"]
        # "map" asks get_network_boxes for fractions (w = h = 1), "valid" for pixels.
        bw, bh = (1, 1) if self.route["relative"] else (w, h)
        boxes, probs = [], []
        for head, output in zip(self.heads, outputs):
            b, p = yolo_detections(output[0], head, self.width, self.height, bw, bh, self.thresh, F)
            boxes.append(b)
            probs.append(p)
        boxes, probs = np.concatenate(boxes), np.concatenate(probs)
        probs = nms_sort(boxes, probs, self.heads[-1]["nms_kind"], self.route["nms"], F)
        if self.route["relative"]:
            boxes = boxes * np.array([w, h, w, h], dtype=F)
        return print_cocos(image_id, boxes, probs, F(w), F(h), self.coco_ids, exact)
