# Shared pieces of the per-model reference pipelines: datasets in COCO form,
# class-id tables, the reference tensor files trtmap can be fed, and scoring
# with pycocotools and the VOC devkit transcription. Nothing here is taken
# from trtmap; each family's own module follows that family's repository.
import contextlib
import io
import json
import os
import sys
import xml.etree.ElementTree as ElementTree

import numpy as np

# yolov5 utils/general.py coco80_to_coco91_class() (ultralytics/yolov5 @ 5081342f), also
# ultralytics data/converter.py, YOLOX's sorted COCO category ids and darknet's coco_ids.
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


def voc_ground_truth(root):
    """COCO form of a VOC folder, as trtmap numbers it: images 1..N in file-name
    order, categories 1..20 in the devkit's class order, boxes as written."""
    names = sorted(f[:-4] for f in os.listdir(os.path.join(root, "Annotations")) if f.endswith(".xml"))
    images, annotations, difficult = [], [], []
    for index, name in enumerate(names):
        tree = ElementTree.parse(os.path.join(root, "Annotations", name + ".xml")).getroot()
        images.append({"id": index + 1, "file_name": name + ".jpg",
                       "path": os.path.join(root, "JPEGImages", name + ".jpg")})
        for obj in tree.findall("object"):
            box = obj.find("bndbox")
            x1, y1, x2, y2 = (float(box.find(k).text) for k in ("xmin", "ymin", "xmax", "ymax"))
            flag = obj.find("difficult")
            hard = flag is not None and (flag.text or "0").strip() == "1"
            category = VOC_CLASSES.index(obj.find("name").text.strip()) + 1
            annotations.append({
                "id": len(annotations) + 1, "image_id": index + 1, "category_id": category,
                "bbox": [x1, y1, x2 - x1, y2 - y1], "area": (x2 - x1) * (y2 - y1), "iscrowd": 0,
            })
            difficult.append([index + 1, category, x1, y1, x2, y2, 1 if hard else 0])
    categories = [{"id": i + 1, "name": n} for i, n in enumerate(VOC_CLASSES)]
    return {"images": images, "annotations": annotations, "categories": categories, "voc_boxes": difficult}


def open_dataset(spec):
    """{"kind": "coco", "annotations", "images"} or {"kind": "voc", "root"} -> COCO-form dict
    whose images carry "path", in trtmap's dataset order (COCO: the file's; VOC: file names)."""
    if spec["kind"] == "coco":
        with open(spec["annotations"]) as f:
            gt = json.load(f)
        for image in gt["images"]:
            image["path"] = os.path.join(spec["images"], image["file_name"])
        return gt
    return voc_ground_truth(spec["root"])


def evaluation_category(gt, coco_ids):
    """Evaluation category of each model class, from the COCO id of each class: the id
    itself on a COCO dataset; the VOC class number (or -1, dropped) on a VOC one."""
    if "voc_boxes" not in gt:
        return np.array(coco_ids, dtype=np.int64)
    voc_coco = [5, 2, 16, 9, 44, 6, 3, 17, 62, 21, 67, 18, 19, 4, 1, 64, 20, 63, 7, 72]
    return np.array([voc_coco.index(c) + 1 if c in voc_coco else -1 for c in coco_ids], dtype=np.int64)


# ---------------------------------------------------------------- reference tensors

class TensorFolder:
    """The tensors a reference fed its model, one raw little-endian float32 file per
    image, and `placements.json`: image path -> trtmap's InputPlacement (x_input =
    x_source * scaleX + offsetX) plus the tensor's path, so trtmap's imageStage can
    be fed the very same input (test/parity/pipeline-reference.test.ts reads this form)."""

    def __init__(self, folder):
        self.folder = folder
        self.placements = {}
        index_file = os.path.join(folder, "placements.json")
        if os.path.exists(index_file):
            with open(index_file) as f:
                self.placements = json.load(f)

    def write(self, index, path, tensor, placement):
        os.makedirs(self.folder, exist_ok=True)
        tensor_path = os.path.join(self.folder, "%d.f32" % index)
        np.ascontiguousarray(tensor, dtype="<f4").tofile(tensor_path)
        self.placements[path] = dict(placement, tensor=tensor_path)

    def read(self, path, shape):
        entry = self.placements[path]
        tensor = np.fromfile(entry["tensor"], dtype="<f4").reshape(shape)
        placement = {k: v for k, v in entry.items() if k != "tensor"}
        return tensor, placement

    def save(self):
        with open(os.path.join(self.folder, "placements.json"), "w") as f:
            json.dump(self.placements, f)


# ---------------------------------------------------------------- scoring

def coco_stats(gt, detections, image_ids):
    """pycocotools COCOeval bbox on the given images: the 12 summary numbers."""
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO()
        coco.dataset = {k: gt[k] for k in ("images", "annotations", "categories")}
        coco.createIndex()
        results = coco.loadRes(detections) if detections else COCO()
        evaluator = COCOeval(coco, results, "bbox")
        evaluator.params.imgIds = list(image_ids)
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
    return [float(v) for v in evaluator.stats]


def voc_map(gt, detections, image_ids, shift=0.0, cmp=">=", pixel="+1"):
    """VOC mAP@0.5 (all-point, and the VOC2007 11-point form) with the devkit
    transcription in ../voc_devkit_reference.py; `shift` adds darknet's +1 to
    detection corners (print_detector_detections writes 1-based boxes)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from voc_devkit_reference import voc_eval_class
    wanted = set(image_ids)
    boxes = [b for b in gt["voc_boxes"] if b[0] in wanted]
    dts = [[d["image_id"], d["category_id"], d["score"], d["bbox"][0] + shift, d["bbox"][1] + shift,
            d["bbox"][0] + d["bbox"][2] + shift, d["bbox"][1] + d["bbox"][3] + shift]
           for d in detections if d["image_id"] in wanted]
    all_point, eleven = [], []
    for category in range(1, len(VOC_CLASSES) + 1):
        if not any(b[1] == category and not b[6] for b in boxes):
            continue
        result = voc_eval_class(boxes, dts, category, 0.5, cmp, pixel)
        all_point.append(result["ap"])
        eleven.append(result["ap07"])
    return {"map": float(np.mean(all_point)), "map07": float(np.mean(eleven))}


def to_coco_results(image_id, boxes, scores, categories):
    """Corner boxes in source pixels -> COCO results entries, floats as computed."""
    return [{"image_id": int(image_id), "category_id": int(c), "score": float(s),
             "bbox": [float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])]}
            for b, s, c in zip(boxes, scores, categories) if c >= 0]
