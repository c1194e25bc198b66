# yolov5n with an EfficientNMS_TRT node (yolov5n_640_efficientnms.onnx). ONNX Runtime cannot
# run the TensorRT plugin, so this reference runs the same graph without that node (its
# inputs, `nms_boxes` [1, 25200, 4] cx, cy, w, h and `nms_scores` [1, 25200, 80] = obj x cls,
# become the outputs) and computes the plugin's four outputs here, as
# NVIDIA/TensorRT plugin/efficientNMSPlugin (@ a892d222, 2026-07-07) does in float32:
# - efficientNMSPlugin.cpp initialize(): numSelectedBoxes = 5000 on GPUs with 64K registers
#   per block (2000 on smaller ones, such as the Jetson TX1/TX2; `selected_boxes`).
# - efficientNMSInference.cu EfficientNMSFilterLauncher: a score threshold below 0.007
#   takes the dense path: every (anchor, class) element is kept, those below the threshold
#   with score -32768 (EfficientNMSDenseIndex); cub's segmented radix sort (stable)
#   orders them by descending score; the first numSelectedBoxes go to NMS.
# - EfficientNMS kernel: in that order, a box not yet dropped is kept (while fewer than
#   max_output_boxes are kept) and drops every later box of its class (class_agnostic 0)
#   with IOU >= iou_threshold; IOU on corners (BoxCenterSize -> BoxCorner: centre -+ size *
#   0.5; reorder() swaps inverted corners first), 0 when the intersection or the union area
#   is <= 0, areas h * w with w or h <= 0 giving 0. Boxes are written as corners in input pixels (clipBoxes is off), scores as
#   they are (score_activation 0), classes 0..79, num_dets the count kept.
# Elements below the threshold can therefore reach the output (score -32768) when fewer than
# numSelectedBoxes pass it; the decoder must drop them.
# The detections are then mapped back as yolov5's val.py does (yolov5.py: letterbox input,
# scale_boxes, clip), keeping rows with score >= the plugin's threshold.
import json
import os

import numpy as np
import onnx

from common import COCO80_TO_91
from yolov5 import preprocess, scale_boxes


def plugin_free_model(model, folder):
    """The model without its EfficientNMS_TRT node; the node's inputs become the outputs.
    Returns (path, the node's attributes)."""
    m = onnx.load(model)
    node = next(n for n in m.graph.node if n.op_type == "EfficientNMS_TRT")
    attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    m.graph.node.remove(node)
    del m.graph.output[:]
    for name, columns in zip(node.input, (4, 80)):
        m.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, [1, 25200, columns]))
    kept = [o for o in m.opset_import if o.domain != "TRT"]
    del m.opset_import[:]
    m.opset_import.extend(kept)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "yolov5n_640_without_efficientnms.onnx")
    onnx.save(m, path)
    return path, attributes


def _area(x1, y1, x2, y2):
    f0 = np.float32(0)
    w, h = x2 - x1, y2 - y1
    return np.where((h <= f0) | (w <= f0), f0, h * w)


def iou(box, others):
    """efficientNMSInference.cu IOU on float32 corner boxes: one box against many."""
    return iou_matrix(box[None], others)[0]


def iou_matrix(a, b):
    """IOU between every box of a and every box of b (float32 corners, reordered)."""
    f0 = np.float32(0)
    a = np.stack([np.minimum(a[:, 0], a[:, 2]), np.minimum(a[:, 1], a[:, 3]),
                  np.maximum(a[:, 0], a[:, 2]), np.maximum(a[:, 1], a[:, 3])], 1)
    b = np.stack([np.minimum(b[:, 0], b[:, 2]), np.minimum(b[:, 1], b[:, 3]),
                  np.maximum(b[:, 0], b[:, 2]), np.maximum(b[:, 1], b[:, 3])], 1)
    inter = _area(np.maximum(a[:, None, 0], b[None, :, 0]), np.maximum(a[:, None, 1], b[None, :, 1]),
                  np.minimum(a[:, None, 2], b[None, :, 2]), np.minimum(a[:, None, 3], b[None, :, 3]))
    union = _area(*a.T)[:, None] + _area(*b.T)[None] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((inter <= f0) | (union <= f0), f0, inter / union)


def efficient_nms(boxes, scores, attributes, selected_boxes=5000):
    """One image: boxes [N, 4] (box_coding 1: cx, cy, w, h), scores [N, C] float32 ->
    (num_dets [1], det_boxes [K, 4], det_scores [K], det_classes [K]) as the plugin writes them."""
    assert attributes["box_coding"] == 1 and attributes["class_agnostic"] == 0
    assert attributes["score_activation"] == 0 and attributes["background_class"] == -1
    threshold = np.float32(attributes["score_threshold"])
    keep_top = attributes["max_output_boxes"]
    n, classes = scores.shape
    flat = scores.astype(np.float32).reshape(-1).copy()
    assert threshold < np.float32(0.007), "the sparse filter path is not transcribed"
    flat[flat < threshold] = np.float32(-(1 << 15))
    order = np.argsort(-flat.astype(np.float64), kind="stable")[:min(selected_boxes, n * classes)]
    anchor, cls, score = order // classes, order % classes, flat[order]
    half = np.float32(0.5)
    b = boxes.astype(np.float32)[anchor]
    corners = np.stack([b[:, 0] - b[:, 2] * half, b[:, 1] - b[:, 3] * half,
                        b[:, 0] + b[:, 2] * half, b[:, 1] + b[:, 3] * half], 1)
    iou_threshold = np.float32(attributes["iou_threshold"])
    kept = np.zeros(len(order), dtype=bool)
    for c in np.unique(cls):
        members = np.nonzero(cls == c)[0]  # already in sorted order
        m = corners[members]
        overlaps = iou_matrix(m, m) if len(m) <= 2000 else None
        alive = np.ones(len(members), dtype=bool)
        for i in range(len(members)):
            if not alive[i]:
                continue
            kept[members[i]] = True
            row = overlaps[i, i + 1:] if overlaps is not None else iou(m[i], m[i + 1:])
            alive[i + 1:] &= ~(row >= iou_threshold)
    rows = np.nonzero(kept)[0][:keep_top]
    det_boxes = np.zeros((keep_top, 4), dtype=np.float32)
    det_scores = np.zeros(keep_top, dtype=np.float32)
    det_classes = np.zeros(keep_top, dtype=np.int32)
    det_boxes[:len(rows)], det_scores[:len(rows)], det_classes[:len(rows)] = corners[rows], score[rows], cls[rows]
    return np.array([len(rows)], dtype=np.int32), det_boxes, det_scores, det_classes


class Reference:
    family = "efficientnms"
    coco_ids = COCO80_TO_91

    def __init__(self, job):
        self.model, self.attributes = plugin_free_model(job["model"], job["work"])
        self.outputs = job.get("plugin_outputs")
        self.cached = None

    def preprocess(self, path):
        return preprocess(path, 640)

    def plugin_outputs(self, outputs):
        """The plugin's outputs (float32 by definition: both arithmetic modes share them)."""
        if self.cached is None or self.cached[0] is not outputs:
            boxes, scores = outputs
            self.cached = (outputs, efficient_nms(boxes[0], scores[0], self.attributes))
        return self.cached[1]

    def postprocess(self, outputs, placement, image_id, exact):
        count, boxes, scores, classes = self.plugin_outputs(outputs)
        if self.outputs is not None and not exact:
            self.save(image_id, placement, count, boxes, scores, classes)
        rows = np.arange(count[0])
        rows = rows[scores[rows] >= np.float32(self.attributes["score_threshold"])]
        mapped = scale_boxes(boxes[rows], placement, exact)
        out = []
        for b, s, c in zip(mapped, scores[rows], classes[rows]):
            out.append({"image_id": image_id, "category_id": self.coco_ids[int(c)],
                        "bbox": [float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])],
                        "score": float(s)})
        return out

    def save(self, image_id, placement, count, boxes, scores, classes):
        """The four plugin outputs of an image as raw little-endian files (batch 1), for
        trtmap's efficientnms decoder: <folder>/<image id>.<output name>, and the image's
        placement as <image id>.placement.json."""
        os.makedirs(self.outputs, exist_ok=True)
        with open(os.path.join(self.outputs, "%d.placement.json" % image_id), "w") as f:
            json.dump(placement, f)
        for name, value, dtype in (("num_dets", count, "<i4"), ("det_boxes", boxes, "<f4"),
                                   ("det_scores", scores, "<f4"), ("det_classes", classes, "<i4")):
            np.ascontiguousarray(value, dtype=dtype).tofile(os.path.join(self.outputs, "%d.%s" % (image_id, name)))
