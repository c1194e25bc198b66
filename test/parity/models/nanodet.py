# NanoDet-m (GFL head) as NanoDet v0.4.2 evaluates it (RangiLyu/nanodet tag v0.4.2 =
# 76e025b1, the legacy line these weights come from; v1.x keeps the configs under
# config/legacy_v0.x_configs/ but puts priors at the cell corner, not its centre):
# - config/nanodet-m.yml (320) and nanodet-m-416.yml: keep_ratio True, normalize
#   mean [103.53, 116.28, 123.675], std [57.375, 57.12, 58.395] (BGR), strides 8/16/32,
#   reg_max 7.
# - nanodet/data/dataset/coco.py get_val_data: cv2.imread (BGR); Pipeline ->
#   data/transform/warp.py warp_and_resize: with no augmentation M = ResizeM =
#   T @ Rs @ C (centre the image, scale by min(dst_w / w, dst_h / h), move to the centre
#   of the input), cv2.warpPerspective(img, M, dsize) (INTER_LINEAR, border 0);
#   data/transform/color.py: img / 255, then (img - mean / 255) / (std / 255), float32.
# - model/head/gfl_head.py get_bboxes_single: per level, centres (arange + 0.5) * stride
#   (row-major), scores (the export already applies the sigmoid), distances = softmax
#   over 8 bins . [0..7] * stride; levels with more than nms_pre = 1000 points keep the
#   top 1000 by best class score; util/box_transform.py distance2bbox clamps to the input
#   size; model/module/nms.py multiclass_nms: every (point, class) with score > 0.05,
#   batched_nms (boxes + class * (max coordinate + 1), torchvision nms, IoU 0.6), first
#   max_num = 100.
# - post_process: warp_boxes(boxes, inv(M), w0, h0): corners through the inverse warp,
#   clipped to the image, float32; evaluator/coco_detection.py results2json: per class,
#   bbox [x1, y1, x2 - x1, y2 - y1], category = sorted COCO ids[label].
# Outputs are taken by position (three class maps, then three box distributions, strides
# 8, 16, 32): nanodet_m_320.onnx names them misleadingly. Arithmetic "repo" (float32 as
# torch) or "exact" (float64), as yolov5.py.
import cv2
import numpy as np

from common import COCO80_TO_91
from torch_nms import descending, nms

MEAN = [103.53, 116.28, 123.675]
STD = [57.375, 57.12, 58.395]
STRIDES = (8, 16, 32)
REG_MAX, NMS_PRE, SCORE_THR, IOU, MAX_NUM = 7, 1000, 0.05, 0.6, 100


def resize_matrix(raw_w, raw_h, dst_w, dst_h):
    """warp.py get_resize_matrix(keep_ratio=True), after the identity T @ C of warp_and_resize."""
    C = np.eye(3)
    C[0, 2] = -raw_w / 2
    C[1, 2] = -raw_h / 2
    ratio = dst_h / raw_h if raw_w / raw_h < dst_w / dst_h else dst_w / raw_w
    Rs = np.eye(3)
    Rs[0, 0] *= ratio
    Rs[1, 1] *= ratio
    T = np.eye(3)
    T[0, 2] = 0.5 * dst_w
    T[1, 2] = 0.5 * dst_h
    return T @ Rs @ C


def preprocess(path, size):
    img = cv2.imread(path)
    if img is None:
        raise ValueError("cannot decode " + path)
    h0, w0 = img.shape[:2]
    M = resize_matrix(w0, h0, size, size)
    warped = cv2.warpPerspective(img, M, dsize=(size, size))
    x = warped.astype(np.float32) / 255
    mean = np.array(MEAN, dtype=np.float32).reshape(1, 1, 3) / 255
    std = np.array(STD, dtype=np.float32).reshape(1, 1, 3) / 255
    tensor = np.ascontiguousarray(((x - mean) / std).transpose(2, 0, 1))
    placement = {"sourceWidth": w0, "sourceHeight": h0, "scaleX": M[0, 0], "scaleY": M[1, 1],
                 "offsetX": M[0, 2], "offsetY": M[1, 2]}
    return tensor, placement


def warp_boxes(boxes, M, width, height, exact):
    """warp.py warp_boxes (float64 matrix products, clip, float32 in the repository)."""
    n = len(boxes)
    if n == 0:
        return boxes
    xy = np.ones((n * 4, 3))
    xy[:, :2] = boxes[:, [0, 1, 2, 3, 0, 3, 2, 1]].reshape(n * 4, 2)
    xy = xy @ M.T
    xy = (xy[:, :2] / xy[:, 2:3]).reshape(n, 8)
    x = xy[:, [0, 2, 4, 6]]
    y = xy[:, [1, 3, 5, 7]]
    xy = np.concatenate((x.min(1), y.min(1), x.max(1), y.max(1))).reshape(4, n).T
    xy[:, [0, 2]] = xy[:, [0, 2]].clip(0, width)
    xy[:, [1, 3]] = xy[:, [1, 3]].clip(0, height)
    return xy if exact else xy.astype(np.float32)


def level_boxes(scores, distribution, stride, size, F):
    """get_bboxes_single for one level: (boxes clamped to the input, scores) in top-k order."""
    n = size // stride
    ys, xs = np.meshgrid((np.arange(n, dtype=F) + F(0.5)) * F(stride),
                         (np.arange(n, dtype=F) + F(0.5)) * F(stride), indexing="ij")
    centres = np.stack([xs.ravel(), ys.ravel()], 1)
    logits = distribution.astype(F).reshape(-1, REG_MAX + 1)
    e = np.exp(logits - logits.max(1, keepdims=True))
    project = np.linspace(0, REG_MAX, REG_MAX + 1).astype(F)
    distance = ((e / e.sum(1, keepdims=True)) @ project).reshape(-1, 4) * F(stride)
    scores = scores.astype(F)
    if scores.shape[0] > NMS_PRE:
        top = descending(scores.max(1))[:NMS_PRE]
        centres, distance, scores = centres[top], distance[top], scores[top]
    boxes = np.stack([centres[:, 0] - distance[:, 0], centres[:, 1] - distance[:, 1],
                      centres[:, 0] + distance[:, 2], centres[:, 1] + distance[:, 3]], 1)
    return np.clip(boxes, F(0), F(size)), scores


def multiclass_nms(boxes, scores, exact):
    """model/module/nms.py multiclass_nms + its batched_nms (coordinate trick, < 10000 boxes)."""
    F = np.float64 if exact else np.float32
    points, labels = np.nonzero(scores > F(SCORE_THR))
    b, s = boxes[points], scores[points, labels]
    if exact:
        keep = nms(b, s, IOU, exact=True, groups=labels)
    else:
        # Boxes are clamped to [0, size], so the offsets max + 1 always separate classes.
        shifted = b + (labels.astype(F) * (b.max() + F(1)))[:, None] if len(b) else b
        keep = nms(shifted, s, IOU, groups=labels)
    keep = keep[:MAX_NUM]
    return b[keep], s[keep], labels[keep]


class Reference:
    family = "nanodet"
    coco_ids = COCO80_TO_91

    def __init__(self, job):
        import onnx
        graph = onnx.load(job["model"], load_external_data=False).graph
        self.input_size = graph.input[0].type.tensor_type.shape.dim[3].dim_value

    def preprocess(self, path):
        return preprocess(path, self.input_size)

    def postprocess(self, outputs, placement, image_id, exact):
        F = np.float64 if exact else np.float32
        size = self.input_size
        all_boxes, all_scores = [], []
        for level, stride in enumerate(STRIDES):
            cells = (size // stride) ** 2
            scores = outputs[level].reshape(cells, -1)
            distribution = outputs[3 + level].reshape(cells, 4 * (REG_MAX + 1))
            boxes, scores = level_boxes(scores, distribution, stride, size, F)
            all_boxes.append(boxes)
            all_scores.append(scores)
        boxes, scores, labels = multiclass_nms(np.concatenate(all_boxes), np.concatenate(all_scores), exact)
        M = np.array([[placement["scaleX"], 0, placement["offsetX"]],
                      [0, placement["scaleY"], placement["offsetY"]], [0, 0, 1]], dtype=np.float64)
        boxes = warp_boxes(boxes, np.linalg.inv(M), placement["sourceWidth"], placement["sourceHeight"], exact)
        out = []
        # results2json walks the results class by class, each in NMS order.
        for label in np.unique(labels):
            for b, s in zip(boxes[labels == label], scores[labels == label]):
                b = [float(v) for v in b]
                out.append({"image_id": image_id, "category_id": self.coco_ids[int(label)],
                            "bbox": [b[0], b[1], b[2] - b[0], b[3] - b[1]], "score": float(s)})
        return out
