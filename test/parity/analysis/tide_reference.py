"""A transcription of TIDE's definitions (Bolya et al., ECCV 2020; tidecv 1.0.1, quantify.py,
errors/main_errors.py, errors/error.py, ap.py), box mode, for the test harness: tidecv itself is
not on this machine's package index. Dictionaries and lists as TIDE keeps them, so that the
order-dependent parts (stable sorts, dict order of classes, errors pushed before correct
predictions) behave as in TIDE. IoU from pycocotools' mask.iou, as TIDE computes it.

Input: a case file (JSON: gt = COCO dataset, dt = COCO results). Output: <case>.tide.json with,
per threshold of TIDE.COCO_THRESHOLDS, the AP, each main error's dAP and the error counts."""
import json
import sys

import numpy as np
from pycocotools import mask as mask_utils

THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
TYPES = ["Cls", "Loc", "Both", "Dupe", "Bkg", "Miss"]


class ClassAP:
    def __init__(self):
        self.points = {}  # id -> (score, is_true); insertion order matters for ties
        self.num_gt = 0

    def empty(self):
        return len(self.points) == 0 and self.num_gt == 0

    def ap(self):
        if self.num_gt == 0:
            return 0
        points = sorted(self.points.values(), key=lambda p: -p[0])
        precisions, recalls, true, false = [], [], 0, 0
        for _, is_true in points:
            true, false = (true + 1, false) if is_true else (true, false + 1)
            precisions.append(true / (true + false))
            recalls.append(true / self.num_gt)
        for i in range(len(precisions) - 1, 0, -1):
            precisions[i - 1] = max(precisions[i - 1], precisions[i])
        x = np.array([v / 100 for v in range(101)])
        y = [0] * 101
        for bar, index in enumerate(np.searchsorted(np.array(recalls), x, side="left")):
            if index < len(precisions):
                y[bar] = precisions[index]
        return sum(y) / len(y) * 100


class APs:
    def __init__(self):
        self.classes = {}

    def get(self, cls):
        if cls not in self.classes:
            self.classes[cls] = ClassAP()
        return self.classes[cls]

    def mean(self):
        aps = [c.ap() for c in self.classes.values() if not c.empty()]
        return sum(aps) / len(aps) if aps else 0  # tidecv divides by zero here; trtmap says 0


def run_threshold(images, pos, bg=0.1, max_dets=100):
    """images: list of (gts, regions, preds) with dicts; returns (ap, errors, ap_data)."""
    ap_data, errors = APs(), []
    for gts, regions, preds in images:
        for g in gts:
            g.update(used=False, usable=False, best=-1, best_id=None)
            ap_data.get(g["cls"]).num_gt += 1
        if not preds:
            for g in gts:
                errors.append({"type": "Miss", "gt": g})
            continue
        preds = sorted(preds, key=lambda p: -p["score"])[:max_dets]
        boxes = [p["bbox"] for p in preds]
        iou = np.array(mask_utils.iou(boxes, [g["bbox"] for g in gts], [0] * len(gts))).reshape(len(preds), len(gts))
        same = np.array([[p["cls"] == g["cls"] for g in gts] for p in preds], dtype=bool).reshape(len(preds), len(gts))
        for p in preds:
            p["used"] = False
        if gts:
            buffer = iou * same
            for d, p in enumerate(preds):
                g = int(np.argmax(buffer[d]))
                if buffer[d, g] >= pos:
                    p["used"], gts[g]["used"] = True, True
                    buffer[:, g] = 0
        for region in regions:
            crowd = np.array(mask_utils.iou(boxes, [region["bbox"]], [1])).reshape(-1)
            for d, p in enumerate(preds):
                if not p["used"] and crowd[d] > pos and region["cls"] == p["cls"]:
                    p["used"] = None
        used = np.array([g["used"] for g in gts], dtype=bool)[None, :]
        for d, p in enumerate(preds):
            if p["used"] is not None:
                ap_data.get(p["cls"]).points[p["id"]] = (p["score"], p["used"])
            if p["used"] is True:
                continue
            if not gts:
                errors.append({"type": "Bkg", "pred": p})
                continue
            cls_iou, other_iou = iou[d] * same[d], iou[d] * ~same[d]
            g = int(cls_iou.argmax())
            if bg <= cls_iou[g] <= pos:
                errors.append(best_match({"type": "Loc", "pred": p, "gt": gts[g], "fix_cls": p["cls"]}))
                continue
            g = int(other_iou.argmax())
            if other_iou[g] >= pos:
                errors.append(best_match({"type": "Cls", "pred": p, "gt": gts[g], "fix_cls": gts[g]["cls"]}))
                continue
            dupe = (used * iou[d : d + 1] * same[d : d + 1])[0]
            if dupe[int(dupe.argmax())] >= pos:
                errors.append({"type": "Dupe", "pred": p})
                continue
            if iou[d][int(iou[d].argmax())] <= bg:
                errors.append({"type": "Bkg", "pred": p})
                continue
            errors.append({"type": "Both", "pred": p})
        for g in gts:
            if not g["used"] and not g["usable"]:
                errors.append({"type": "Miss", "gt": g})
    for e in errors:  # fixes are decided after the whole run, as TIDE does
        e["original"] = original_point(e)
        e["fixed"] = fixed_point(e)
    return ap_data.mean(), errors, ap_data


def best_match(error):
    g, p = error["gt"], error["pred"]
    error["match"] = not g["used"]
    if error["match"]:
        g["usable"] = True
        if g["best"] < p["score"]:
            g["best"], g["best_id"] = p["score"], p["id"]
    return error


def original_point(e):
    if "pred" not in e or e["pred"]["used"] is None:
        return None
    return (e["pred"]["cls"], (e["pred"]["score"], False))


def fixed_point(e):
    if e["type"] == "Miss":
        return (e["gt"]["cls"], -1)
    if e["type"] in ("Loc", "Cls") and e["match"] and e["gt"]["best_id"] == e["pred"]["id"]:
        return (e["fix_cls"], (e["pred"]["score"], True))
    return None


def fix(ap_data, errors, error_type):
    gt_pos = {k: v.num_gt for k, v in ap_data.classes.items()}
    new = APs()
    for e in errors:
        point = e["fixed"] if e["type"] == error_type else e["original"]
        if point is None:
            continue
        cls, data = point
        if isinstance(data, int):
            gt_pos[cls] += data
            continue
        new.get(cls).points[(e.get("pred") or {}).get("id")] = data
    for k in gt_pos:
        for pid, (score, correct) in ap_data.classes[k].points.items():
            if correct:
                new.get(k).points[pid] = (score, correct)
    for k, v in gt_pos.items():
        new.get(k).num_gt += v
    return new.mean()


def main(path):
    with open(path) as f:
        case = json.load(f)
    gt_json, dt = case["gt"], case["dt"]
    by_image = {img["id"]: ([], [], []) for img in gt_json["images"]}
    for a in gt_json["annotations"]:
        entry = {"cls": a["category_id"], "bbox": a["bbox"]}
        by_image[a["image_id"]][1 if a.get("iscrowd", 0) else 0].append(entry)
    for index, d in enumerate(dt):
        by_image[d["image_id"]][2].append({"id": index, "cls": d["category_id"], "score": d["score"], "bbox": d["bbox"]})
    out = []
    for pos in THRESHOLDS:
        images = [by_image[img["id"]] for img in gt_json["images"]]
        ap, errors, ap_data = run_threshold(images, pos)
        entry = {"iou": pos, "ap": ap, "dAP": {}, "counts": {}}
        for t in TYPES:
            entry["dAP"][t] = max(fix(ap_data, errors, t) - ap, 0)
            entry["counts"][t] = sum(1 for e in errors if e["type"] == t)
        out.append(entry)
    with open(path + ".tide.json", "w") as f:
        json.dump(out, f)


for case_path in sys.argv[1:]:
    main(case_path)
