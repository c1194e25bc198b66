# FastestDet as its own eval.py evaluates it (dog-qiuqiu/FastestDet @ 50473cd1, 2022-07-14):
# - utils/datasets.py TensorDataset: cv2.imread (BGR), cv2.resize to 352x352 INTER_LINEAR,
#   HWC -> CHW (still BGR); utils/evaluation.py compute_map: imgs.float() / 255.
# - utils/tool.py handle_preds(preds, device, conf_thresh=0.001, nms_thresh=0.45): per cell
#   score = obj ** 0.6 * max(cls) ** 0.4, class = argmax; box centre (tanh(x) + col) / W,
#   (tanh(y) + row) / H, size sigmoid(w), sigmoid(h), corners as fractions of the input;
#   keep score > conf; torchvision batched_nms(boxes, scores, class, 0.45); no cap.
# - Deliberate difference: the repository scores in the 352x352 resized frame against
#   resized ground truth with every crowd flag dropped (coco_evaluate). This reference maps
#   the fractions onto the source image (x * width, y * height) and scores with
#   pycocotools against the official annotations: IoU is unchanged by the per-axis scale,
#   crowds and area ranges are then as COCO defines them.
# Arithmetic "repo" (float32 as torch) or "exact" (float64), as yolov5.py.
import cv2
import numpy as np

from common import COCO80_TO_91
from torch_nms import batched_nms

SIZE, CONF, NMS = 352, 0.001, 0.45


def preprocess(path):
    img = cv2.imread(path)
    if img is None:
        raise ValueError("cannot decode " + path)
    h0, w0 = img.shape[:2]
    resized = cv2.resize(img, (SIZE, SIZE), interpolation=cv2.INTER_LINEAR)
    tensor = np.ascontiguousarray(resized.transpose(2, 0, 1)).astype(np.float32) / np.float32(255)
    placement = {"sourceWidth": w0, "sourceHeight": h0, "scaleX": SIZE / w0, "scaleY": SIZE / h0,
                 "offsetX": 0.0, "offsetY": 0.0}
    return tensor, placement


def handle_preds(pred, exact):
    """handle_preds for one image's [85, H, W] output -> (fraction corners, scores, classes)."""
    F = np.float64 if exact else np.float32
    p = pred.astype(F)
    _, H, W = p.shape
    p = p.reshape(p.shape[0], -1)
    cls = p[5:]
    score = np.power(p[0], F(0.6)) * np.power(cls.max(0), F(0.4))
    category = cls.argmax(0)
    gy, gx = np.meshgrid(np.arange(H), np.arange(W), indexing="ij")
    sigmoid = lambda v: F(1) / (F(1) + np.exp(-v))
    bw, bh = sigmoid(p[3]), sigmoid(p[4])
    bcx = (np.tanh(p[1]) + gx.ravel().astype(F)) / F(W)
    bcy = (np.tanh(p[2]) + gy.ravel().astype(F)) / F(H)
    boxes = np.stack([bcx - F(0.5) * bw, bcy - F(0.5) * bh, bcx + F(0.5) * bw, bcy + F(0.5) * bh], 1)
    keep = score > F(CONF)
    boxes, score, category = boxes[keep], score[keep], category[keep]
    kept = batched_nms(boxes, score, category, NMS, exact=exact)
    return boxes[kept], score[kept], category[kept]


class Reference:
    family = "fastestdet"
    coco_ids = COCO80_TO_91

    def __init__(self, job):
        pass

    def preprocess(self, path):
        return preprocess(path)

    def postprocess(self, outputs, placement, image_id, exact):
        boxes, scores, classes = handle_preds(outputs[0][0], exact)
        # Fractions of the input, which is the whole image: x * width (in float64, as
        # compute_map's `b[:4] * [W, H, W, H]` promotes).
        sx, sy = placement["sourceWidth"], placement["sourceHeight"]
        out = []
        for b, s, c in zip(boxes.astype(np.float64), scores, classes):
            x1, y1, x2, y2 = b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy
            out.append({"image_id": image_id, "category_id": self.coco_ids[int(c)],
                        "bbox": [x1, y1, x2 - x1, y2 - y1], "score": float(s)})
        return out
