# An independent reference for trtmap's evaluation pipeline: the same preset
# contracts (issue 6) written with numpy, OpenCV, onnxruntime and pycocotools,
# sharing no code with trtmap. Reads a job (JSON on stdin), writes the
# preprocessed tensors it fed the model (so trtmap can be fed the very same
# ones) and prints {"detections": [...], "stats": [12]}.
import json
import os
import sys
import xml.etree.ElementTree as ElementTree

import numpy as np
import onnx
import onnxruntime

from reference_decode import decode_fastestdet, decode_ssd, decode_yolo, greedy_nms
from reference_preprocess import preprocess

COCO80_TO_91 = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28,
    31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55,
    56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84,
    85, 86, 87, 88, 89, 90,
]
VOC_CLASSES = [
    "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
    "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train",
    "tvmonitor",
]
# COCO id of each VOC class, in VOC order (issue 6).
VOC_COCO_IDS = [5, 2, 16, 9, 44, 6, 3, 17, 62, 21, 67, 18, 19, 4, 1, 64, 20, 63, 7, 72]


# ---------------------------------------------------------------- datasets

def voc_ground_truth(root):
    """COCO form of a VOC folder: images 1..N in file-name order, categories 1..20 in VOC order."""
    names = sorted(f[:-4] for f in os.listdir(os.path.join(root, "Annotations")) if f.endswith(".xml"))
    images, annotations = [], []
    for index, name in enumerate(names):
        tree = ElementTree.parse(os.path.join(root, "Annotations", name + ".xml")).getroot()
        images.append({"id": index + 1, "file_name": name + ".jpg",
                       "path": os.path.join(root, "JPEGImages", name + ".jpg")})
        for obj in tree.findall("object"):
            box = obj.find("bndbox")
            x1, y1, x2, y2 = (float(box.find(k).text) for k in ("xmin", "ymin", "xmax", "ymax"))
            annotations.append({
                "id": len(annotations) + 1, "image_id": index + 1,
                "category_id": VOC_CLASSES.index(obj.find("name").text.strip()) + 1,
                "bbox": [x1, y1, x2 - x1, y2 - y1], "area": (x2 - x1) * (y2 - y1), "iscrowd": 0,
                "difficult": int((obj.findtext("difficult") or "0").strip() or 0),
            })
    categories = [{"id": i + 1, "name": n} for i, n in enumerate(VOC_CLASSES)]
    return {"images": images, "annotations": annotations, "categories": categories}


def open_dataset(job):
    if job["dataset"]["kind"] == "coco":
        with open(job["dataset"]["annotations"]) as f:
            gt = json.load(f)
        for image in gt["images"]:
            image["path"] = os.path.join(job["dataset"]["images"], image["file_name"])
        return gt, lambda coco_id: coco_id
    gt = voc_ground_truth(job["dataset"]["root"])
    return gt, lambda coco_id: VOC_COCO_IDS.index(coco_id) + 1 if coco_id in VOC_COCO_IDS else -1


# ---------------------------------------------------------------- pipeline

def yolo_metadata(model_path):
    model = onnx.load(model_path, load_external_data=False)
    props = {p.key: p.value for p in model.metadata_props}
    return json.loads(props["trtmap.decoder"])


def class_ids(names_path):
    """COCO id of each class of a darknet .names file (VOC names: VOC_COCO_IDS), -1 if none."""
    with open(names_path) as f:
        names = [line.strip() for line in f if line.strip()]
    return [VOC_COCO_IDS[VOC_CLASSES.index(n)] if n in VOC_CLASSES else -1 for n in names]


def preset_contract(preset, model_path, names_path=None):
    if preset == "yolo":
        meta = yolo_metadata(model_path)
        kind = {"greedynms": ("diou", 0.6), "diounms": ("diou", meta["betaNms"])}.get(meta["nmsKind"], ("iou", 0))
        nms = {"kind": kind[0], "beta": kind[1], "iouThreshold": meta["nmsThreshold"]}
        ids = class_ids(names_path) if names_path else COCO80_TO_91
        return meta["inputWidth"], meta["inputHeight"], nms, float("inf"), ids, meta
    if preset == "fastestdet":
        return 352, 352, {"kind": "iou", "iouThreshold": 0.45}, float("inf"), COCO80_TO_91, None
    ssd_ids = [-1] + list(range(1, 91))
    return 300, 300, {"kind": "iou", "iouThreshold": 0.6}, 100, ssd_ids, None


def clip_and_drop(boxes, scores, categories, width, height):
    boxes = np.stack([np.clip(boxes[:, 0], 0, width), np.clip(boxes[:, 1], 0, height),
                      np.clip(boxes[:, 2], 0, width), np.clip(boxes[:, 3], 0, height)], 1)
    keep = (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
    return boxes[keep], scores[keep], categories[keep]


def postprocess(preset, outputs, contract, placement, threshold, category_of):
    W, H, nms, max_per_class, _, meta = contract
    if preset == "yolo":
        boxes, scores, categories = decode_yolo(outputs, meta, threshold, category_of)
    elif preset == "fastestdet":
        boxes, scores, categories = decode_fastestdet(outputs, threshold, category_of, W, H)
    else:
        boxes, scores, categories = decode_ssd(outputs, threshold, category_of, W, H)
    boxes = boxes.reshape(-1, 4)
    boxes = (boxes - [placement["offsetX"], placement["offsetY"]] * 2) / ([placement["scaleX"], placement["scaleY"]] * 2)
    width, height = placement["sourceWidth"], placement["sourceHeight"]
    scale = (1 / width, 1 / height)
    if preset == "yolo":
        kept = greedy_nms(boxes, scores, categories, nms, scale, max_per_class)
        boxes, scores, categories = clip_and_drop(boxes[kept], scores[kept], categories[kept], width, height)
        return boxes[:100], scores[:100], categories[:100]
    boxes, scores, categories = clip_and_drop(boxes, scores, categories, width, height)
    kept = greedy_nms(boxes, scores, categories, nms, scale, max_per_class)[:100]
    return boxes[kept], scores[kept], categories[kept]


def coco_stats(gt, detections):
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    import contextlib
    import io
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO()
        coco.dataset = {k: gt[k] for k in ("images", "annotations", "categories")}
        coco.createIndex()
        results = coco.loadRes(detections) if detections else COCO()
        evaluator = COCOeval(coco, results, "bbox")
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
    return list(evaluator.stats)


def voc_map(gt, detections):
    """All-point VOC mAP@0.5 (>=, +1 pixel) by the devkit transcription beside this folder."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from voc_devkit_reference import voc_eval_class
    boxes = [[a["image_id"], a["category_id"], a["bbox"][0], a["bbox"][1], a["bbox"][0] + a["bbox"][2],
              a["bbox"][1] + a["bbox"][3], a["difficult"]] for a in gt["annotations"]]
    dets = [[d["image_id"], d["category_id"], d["score"], d["bbox"][0], d["bbox"][1],
             d["bbox"][0] + d["bbox"][2], d["bbox"][1] + d["bbox"][3]] for d in detections]
    aps = {}
    for category in gt["categories"]:
        result = voc_eval_class(boxes, dets, category["id"], 0.5, ">=", "+1")
        if result["npos"] > 0:
            aps[category["name"]] = result["ap"]
    return {"mAP": float(np.mean(list(aps.values()))), "ap": aps}


def main():
    job = json.load(sys.stdin)
    preset, threshold = job["preset"], job.get("threshold", 0.001)
    gt, evaluation_category = open_dataset(job)
    contract = preset_contract(preset, job["model"], job.get("names"))
    W, H = contract[0], contract[1]
    category_of = np.array([evaluation_category(i) if i >= 0 else -1 for i in contract[4]], dtype=np.int64)
    session = onnxruntime.InferenceSession(job["model"], providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    os.makedirs(job["tensors"], exist_ok=True)
    placements, detections = {}, []
    for index, image in enumerate(gt["images"]):
        tensor, placement = preprocess(preset, image["path"], W, H)
        tensor_path = os.path.join(job["tensors"], "%d.f32" % index)
        tensor.astype("<f4").tofile(tensor_path)
        placements[image["path"]] = dict(placement, tensor=tensor_path)
        names = [o.name for o in session.get_outputs()]
        outputs = dict(zip(names, session.run(None, {input_name: tensor[None]})))
        boxes, scores, categories = postprocess(preset, outputs, contract, placement, threshold, category_of)
        for box, score, category in zip(boxes, scores, categories):
            detections.append({"image_id": image["id"], "category_id": int(category), "score": float(score),
                               "bbox": [float(box[0]), float(box[1]), float(box[2] - box[0]), float(box[3] - box[1])]})
    with open(os.path.join(job["tensors"], "placements.json"), "w") as f:
        json.dump(placements, f)
    answer = {"detections": detections, "stats": coco_stats(gt, detections)}
    if job["dataset"]["kind"] == "voc":
        answer["voc"] = voc_map(gt, detections)
    # One write: json.dump would write the ~4 MB in half a million small pieces.
    sys.stdout.write(json.dumps(answer))


main()
