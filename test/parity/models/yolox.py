# YOLOX as its COCOEvaluator evaluates (Megvii-BaseDetection/YOLOX @ 6ddff482, 2025-06-08):
# - exps/default/yolox_nano.py: test_size (416, 416); yolox/exp/yolox_base.py: test_conf
#   0.01, nmsthre 0.65; get_eval_loader uses ValTransform(legacy=False).
# - yolox/data/datasets/coco.py read_img -> load_resized_img: cv2.imread (BGR), r = min(
#   416 / h, 416 / w), cv2.resize to (int(w r), int(h r)), INTER_LINEAR.
# - yolox/data/data_augment.py ValTransform -> preproc(img, (416, 416)): a 416x416 canvas
#   of 114, r = min(416 / h, 416 / w) of the already resized image (1 unless int()
#   shortened the long side, then it is resized once more), the image at the TOP-LEFT,
#   HWC -> CHW, float32, values 0..255 in BGR (no normalization when not legacy).
# - The ONNX export (tools/export_onnx.py) sets decode_in_inference False: outputs are
#   raw grid values with obj and class scores already sigmoid; YOLOXHead.decode_outputs
#   (as demo/ONNXRuntime/onnx_inference.py demo_postprocess): xy = (v + grid) * stride,
#   wh = exp(v) * stride, strides 8, 16, 32 over row-major grids.
# - yolox/utils/boxes.py postprocess(): corners; best class (torch.max: first maximum);
#   keep obj * class >= conf; torchvision batched_nms(boxes, obj * class, class, 0.65).
# - yolox/evaluators/coco_evaluator.py convert_to_coco_format: boxes / scale with scale =
#   min(416 / h0, 416 / w0) of the original size, no clipping, xyxy2xywh, score = obj *
#   class, category = the dataset's sorted COCO ids; no cap (pycocotools keeps 100).
# Arithmetic "repo" (float32 as torch) or "exact" (float64), as yolov5.py.
import cv2
import numpy as np

from common import COCO80_TO_91
from torch_nms import batched_nms

CONF, NMS = 0.01, 0.65
STRIDES = (8, 16, 32)


def preproc(img, size):
    padded = np.ones((size, size, 3), dtype=np.uint8) * 114
    r = min(size / img.shape[0], size / img.shape[1])
    resized = cv2.resize(img, (int(img.shape[1] * r), int(img.shape[0] * r)),
                         interpolation=cv2.INTER_LINEAR).astype(np.uint8)
    padded[: int(img.shape[0] * r), : int(img.shape[1] * r)] = resized
    return np.ascontiguousarray(padded.transpose(2, 0, 1), dtype=np.float32)


def preprocess(path, size=416):
    img = cv2.imread(path)
    if img is None:
        raise ValueError("cannot decode " + path)
    h0, w0 = img.shape[:2]
    r = min(size / h0, size / w0)
    img = cv2.resize(img, (int(w0 * r), int(h0 * r)), interpolation=cv2.INTER_LINEAR).astype(np.uint8)
    tensor = preproc(img, size)
    scale = min(size / float(h0), size / float(w0))
    placement = {"sourceWidth": w0, "sourceHeight": h0, "scaleX": scale, "scaleY": scale,
                 "offsetX": 0.0, "offsetY": 0.0}
    return tensor, placement


def decode(output, size, F):
    """YOLOXHead.decode_outputs on one image's [anchors, 5 + C] raw output."""
    grids, strides = [], []
    for stride in STRIDES:
        n = size // stride
        yv, xv = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        grids.append(np.stack([xv, yv], 2).reshape(-1, 2))
        strides.append(np.full((n * n, 1), stride))
    grid = np.concatenate(grids).astype(F)
    stride = np.concatenate(strides).astype(F)
    x = output.astype(F)
    return np.concatenate([(x[:, :2] + grid) * stride, np.exp(x[:, 2:4]) * stride, x[:, 4:]], 1)


def postprocess(prediction, exact, conf=CONF, nms=NMS):
    """yolox/utils/boxes.py postprocess for one image -> (boxes, scores, classes) kept."""
    F = np.float64 if exact else np.float32
    p = prediction
    box = np.stack([p[:, 0] - p[:, 2] / F(2), p[:, 1] - p[:, 3] / F(2),
                    p[:, 0] + p[:, 2] / F(2), p[:, 1] + p[:, 3] / F(2)], 1)
    class_pred = np.argmax(p[:, 5:], 1)
    class_conf = p[np.arange(len(p)), 5 + class_pred]
    mask = p[:, 4] * class_conf >= F(conf)
    box, obj, class_conf, class_pred = box[mask], p[mask, 4], class_conf[mask], class_pred[mask]
    keep = batched_nms(box, obj * class_conf, class_pred, nms, exact=exact)
    return box[keep], (obj * class_conf)[keep], class_pred[keep]


class Reference:
    family = "yolox"
    coco_ids = COCO80_TO_91

    def __init__(self, job):
        self.input_size = 416

    def preprocess(self, path):
        return preprocess(path, self.input_size)

    def postprocess(self, outputs, placement, image_id, exact):
        F = np.float64 if exact else np.float32
        prediction = decode(outputs[0][0], self.input_size, F)
        boxes, scores, classes = postprocess(prediction, exact)
        boxes = boxes / F(placement["scaleX"])
        out = []
        for b, s, c in zip(boxes, scores, classes):
            bbox = [float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])]
            out.append({"image_id": image_id, "category_id": self.coco_ids[int(c)], "bbox": bbox,
                        "score": float(s)})
        return out
