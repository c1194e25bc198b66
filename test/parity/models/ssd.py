# SSD MobileNet v1 0.75 (quantized, TF Object Detection API) as the OD API evaluates it
# (tensorflow/models research/object_detection):
# - samples/configs/ssd_mobilenet_v1_0.75_depth_quantized_300x300_coco14_sync.config
#   (@ d318246c): fixed_shape_resizer 300x300 (core/preprocessor.py resize_image:
#   tf.image.resize_images, BILINEAR, align_corners=False: TF1's legacy sampling
#   src = dst * in / out, no half-pixel centres), sigmoid scores, batch_non_max_suppression
#   score_threshold 1e-8, iou_threshold 0.6, max_detections_per_class 100,
#   max_total_detections 100.
# - Input values: the fixture's ONNX takes (x - 128) / 128 (RGB), the TFLite model's input
#   quantization (scale 1/128, zero point 128) that this dequantized graph keeps; the box
#   decoding (scales 10, 10, 5, 5) is inside the graph; score column 0 is the background.
# - core/post_processing.py (@ 0f332b02) multiclass_non_max_suppression: per class,
#   tf.image.non_max_suppression on the unclipped boxes; concatenate, sort by score,
#   clip to the window [0, 0, 1, 1] dropping boxes left without area, first 100.
# - tensorflow/core/kernels/image/non_max_suppression_op.cc (@ 0698f751): candidates with
#   score > threshold, by descending score (equal scores: lower index first), kept unless
#   IoU (float32, 0 when an area is <= 0) with a kept box is > the threshold.
# - The evaluator scales [ymin, xmin, ymax, xmax] by the image's height and width and
#   writes [xmin, ymin, xmax - xmin, ymax - ymin]; category = score column (COCO ids).
# Arithmetic "repo" (float32 as TensorFlow) or "exact" (float64).
import cv2
import numpy as np

from torch_nms import descending

SIZE, SCORE, IOU, PER_CLASS, TOTAL = 300, 1e-8, 0.6, 100, 100


def tf1_resize_bilinear(image, height, width):
    """tf.image.resize_bilinear(align_corners=False, half_pixel_centers=False) on float32:
    top = tl + (tr - tl) dx, bottom likewise, value = top + (bottom - top) dy."""
    in_h, in_w = image.shape[:2]
    img = image.astype(np.float32)
    sy, sx = np.float32(in_h / height), np.float32(in_w / width)
    ys = np.arange(height, dtype=np.float32) * sy
    xs = np.arange(width, dtype=np.float32) * sx
    y0 = np.floor(ys).astype(np.int64)
    x0 = np.floor(xs).astype(np.int64)
    y1, x1 = np.minimum(y0 + 1, in_h - 1), np.minimum(x0 + 1, in_w - 1)
    dy = (ys - y0.astype(np.float32))[:, None, None]
    dx = (xs - x0.astype(np.float32))[None, :, None]
    tl, tr = img[y0][:, x0], img[y0][:, x1]
    bl, br = img[y1][:, x0], img[y1][:, x1]
    top = tl + (tr - tl) * dx
    bottom = bl + (br - bl) * dx
    return top + (bottom - top) * dy


def preprocess(path):
    bgr = cv2.imread(path)
    if bgr is None:
        raise ValueError("cannot decode " + path)
    h0, w0 = bgr.shape[:2]
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    resized = tf1_resize_bilinear(rgb, SIZE, SIZE)
    tensor = np.ascontiguousarray(((resized - np.float32(128)) / np.float32(128)).transpose(2, 0, 1))
    placement = {"sourceWidth": w0, "sourceHeight": h0, "scaleX": SIZE / w0, "scaleY": SIZE / h0,
                 "offsetX": 0.0, "offsetY": 0.0}
    return tensor, placement


def tf_iou_matrix(boxes, F):
    """non_max_suppression_op.cc IOU between every pair of [ymin, xmin, ymax, xmax] boxes
    (corners reordered; 0 when an area is <= 0). The boxes are shared by all classes."""
    ymin, ymax = np.minimum(boxes[:, 0], boxes[:, 2]), np.maximum(boxes[:, 0], boxes[:, 2])
    xmin, xmax = np.minimum(boxes[:, 1], boxes[:, 3]), np.maximum(boxes[:, 1], boxes[:, 3])
    area = (ymax - ymin) * (xmax - xmin)
    inter = (np.maximum(np.minimum(ymax[:, None], ymax[None]) - np.maximum(ymin[:, None], ymin[None]), F(0)) *
             np.maximum(np.minimum(xmax[:, None], xmax[None]) - np.maximum(xmin[:, None], xmin[None]), F(0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = inter / (area[:, None] + area[None] - inter)
    return np.where((area[:, None] <= 0) | (area[None] <= 0), F(0), iou)


def class_nms(overlaps, scores, F):
    """tf.image.non_max_suppression(max 100, IoU 0.6, score > 1e-8) for one class."""
    candidates = np.nonzero(scores > F(SCORE))[0]
    candidates = candidates[descending(scores[candidates])]
    # "Kept unless it overlaps a kept box" is "each kept box removes the later ones it
    # overlaps". The 100 kept boxes usually come from the first few hundred candidates,
    # so candidates are examined in growing windows.
    selected, start, window = [], 0, 256
    while start < len(candidates) and len(selected) < PER_CLASS:
        part = candidates[start:start + window]
        alive = np.ones(len(part), dtype=bool)
        if selected:
            alive &= ~(overlaps[np.ix_(selected, part)] > F(IOU)).any(0)
        i = int(alive.argmax()) if alive.any() else len(part)
        while i < len(part) and len(selected) < PER_CLASS:
            selected.append(part[i])
            alive[i + 1:] &= ~(overlaps[part[i], part[i + 1:]] > F(IOU))
            following = alive[i + 1:]
            i = i + 1 + int(following.argmax()) if following.any() else len(part)
        start += window
        window *= 2
    return selected


def postprocess(boxes, scores, exact):
    """multiclass_non_max_suppression with clip_window [0, 0, 1, 1] -> (boxes, scores, classes)."""
    F = np.float64 if exact else np.float32
    boxes, scores = boxes.astype(F), scores.astype(F)
    overlaps = tf_iou_matrix(boxes, F)
    kept_boxes, kept_scores, kept_classes = [], [], []
    for column in range(1, scores.shape[1]):
        selected = class_nms(overlaps, scores[:, column], F)
        kept_boxes.append(boxes[selected].reshape(-1, 4))
        kept_scores.append(scores[selected, column])
        kept_classes.append(np.full(len(selected), column))
    b, s, c = np.concatenate(kept_boxes), np.concatenate(kept_scores), np.concatenate(kept_classes)
    order = descending(s)
    b, s, c = np.clip(b[order], F(0), F(1)), s[order], c[order]
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    keep = np.nonzero(area > 0)[0][:TOTAL]
    return b[keep], s[keep], c[keep]


class Reference:
    family = "ssd"
    coco_ids = list(range(91))  # score column k is COCO category k; 0 (background) is skipped

    def __init__(self, job):
        pass

    def preprocess(self, path):
        return preprocess(path)

    def postprocess(self, outputs, placement, image_id, exact):
        boxes, scores, classes = postprocess(outputs[0][0], outputs[1][0], exact)
        h, w = placement["sourceHeight"], placement["sourceWidth"]
        out = []
        for b, s, c in zip(boxes.astype(np.float64), scores, classes):
            ymin, xmin, ymax, xmax = b[0] * h, b[1] * w, b[2] * h, b[3] * w
            out.append({"image_id": image_id, "category_id": int(c),
                        "bbox": [xmin, ymin, xmax - xmin, ymax - ymin], "score": float(s)})
        return out
