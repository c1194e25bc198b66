"""Independent references for trtmap's analysis, per case file (JSON: gt, dt, params, conf):

- per-class figures from pycocotools 2.0.11's eval arrays as its users compute them
  (precision[:, :, k, a, -1], recall[:, k, a, -1], mean of the entries > -1);
- operating points: TP flags from pycocotools' evalImgs at IoU 0.5, area 'all', then a
  numpy transcription of Ultralytics' ap_per_class curves (ultralytics/utils/metrics.py);
- the confusion matrix: a numpy transcription of Ultralytics' ConfusionMatrix.process_batch.

Writes <case>.reference.json beside each case."""
import contextlib
import io
import json
import sys

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def load(case):
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO()
        gt.dataset = case["gt"]
        gt.createIndex()
        dt = gt.loadRes(case["dt"])
        evaluator = COCOeval(gt, dt, "bbox")
        params = case.get("params", {})
        for key in ("imgIds", "catIds", "maxDets", "areaRngLbl"):
            if key in params:
                setattr(evaluator.params, key, params[key])
        if "areaRng" in params:
            evaluator.params.areaRng = params["areaRng"]
        if "useCats" in params:
            evaluator.params.useCats = int(params["useCats"])
        evaluator.evaluate()
        evaluator.accumulate()
    return gt, evaluator


def mean_defined(values):
    values = values[values > -1]
    return float(np.mean(values)) if values.size else -1.0


def per_class(evaluator):
    p = evaluator.params
    precision, recall = evaluator.eval["precision"], evaluator.eval["recall"]
    labels = list(p.areaRngLbl)
    rows = []
    for k in range(precision.shape[2]):
        row = {}
        for label in ("all", "small", "medium", "large"):
            if label not in labels:
                continue
            a = labels.index(label)
            row["ap_" + label] = mean_defined(precision[:, :, k, a, -1])
            row["ar_" + label] = mean_defined(recall[:, k, a, -1])
            if label == "all":
                t50 = np.where(p.iouThrs == 0.5)[0]
                t75 = np.where(p.iouThrs == 0.75)[0]
                row["ap50"] = mean_defined(precision[t50, :, k, a, -1])
                row["ap75"] = mean_defined(precision[t75, :, k, a, -1])
        rows.append(row)
    return rows


def outcomes_at_50(evaluator):
    """Per category: (scores, tp flags, number of non-ignored ground truths) at IoU 0.5, area all."""
    p = evaluator.params
    t = int(np.where(np.isclose(p.iouThrs, 0.5))[0][0])
    per_category = []
    A, I = len(p.areaRng), len(p.imgIds)
    for k in range(len(p.catIds)):
        scores, tps, npos = [], [], 0
        for i in range(I):
            e = evaluator.evalImgs[k * A * I + 0 * I + i]
            if e is None:
                continue
            npos += int(np.count_nonzero(np.logical_not(e["gtIgnore"])))
            for d, score in enumerate(e["dtScores"]):
                if e["dtIgnore"][t, d]:
                    continue
                scores.append(score)
                tps.append(1.0 if e["dtMatches"][t, d] > 0 else 0.0)
        per_category.append((np.array(scores), np.array(tps), npos))
    return per_category


def interp_curves(scores, tps, npos, x, eps=1e-16):
    order = np.argsort(-scores, kind="stable")
    tp, conf = tps[order], scores[order]
    fpc, tpc = (1 - tp).cumsum(), tp.cumsum()
    recall = tpc / (npos + eps)
    precision = tpc / (tpc + fpc)
    return np.interp(-x, -conf, precision, left=1), np.interp(-x, -conf, recall, left=0)


def smooth(y, f=0.05):
    nf = round(len(y) * f * 2) // 2 + 1
    p = np.ones(nf // 2)
    yp = np.concatenate((p * y[0], y, p * y[-1]), 0)
    return np.convolve(yp, np.ones(nf) / nf, mode="valid")


def operating_points(evaluator, conf, eps=1e-16):
    categories = [c for c in outcomes_at_50(evaluator) if c[2] > 0]
    if not categories:
        return None
    x = np.linspace(0, 1, 1000)
    p_curve, r_curve = np.zeros((len(categories), 1000)), np.zeros((len(categories), 1000))
    at_conf = []
    for ci, (scores, tps, npos) in enumerate(categories):
        keep = scores > conf
        tp, fp = int(tps[keep].sum()), int((1 - tps[keep]).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / npos
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        at_conf.append([tp, fp, precision, recall, f1])
        if len(scores):
            p_curve[ci], r_curve[ci] = interp_curves(scores, tps, npos, x)
    f1_curve = 2 * p_curve * r_curve / (p_curve + r_curve + eps)
    smoothed = smooth(f1_curve.mean(0), 0.1)
    i = int(smoothed.argmax())
    own = f1_curve.argmax(1)
    return {
        "best_index": i,
        "best_conf": float(x[i]),
        "smoothed": smoothed.tolist(),
        "best_precision": float(p_curve[:, i].mean()),
        "best_recall": float(r_curve[:, i].mean()),
        "best_f1": float(f1_curve[:, i].mean()),
        "class_precision": p_curve[:, i].tolist(),
        "class_recall": r_curve[:, i].tolist(),
        "class_f1": f1_curve[:, i].tolist(),
        "own_conf": x[own].tolist(),
        "own_f1": f1_curve[np.arange(len(categories)), own].tolist(),
        "at_conf": at_conf,
    }


def box_iou(a, b, eps=1e-7):
    inter = (np.minimum(a[:, None, 2:], b[None, :, 2:]) - np.maximum(a[:, None, :2], b[None, :, :2])).clip(0).prod(2)
    area_a = (a[:, 2:] - a[:, :2]).prod(1)
    area_b = (b[:, 2:] - b[:, :2]).prod(1)
    return inter / (area_a[:, None] + area_b[None, :] - inter + eps)


def corners(boxes):
    boxes = np.array(boxes, dtype=np.float64).reshape(-1, 4)
    return np.concatenate((boxes[:, :2], boxes[:, :2] + boxes[:, 2:]), 1)


def confusion(gt, evaluator, conf, iou_thres):
    p = evaluator.params
    nc = len(p.catIds)
    index = {c: i for i, c in enumerate(p.catIds)}
    matrix = np.zeros((nc + 1, nc + 1))
    detections_of = {}
    for d in gt.dataset.get("_results", []):
        detections_of.setdefault(d["image_id"], []).append(d)
    for img in p.imgIds:
        anns = [a for a in gt.imgToAnns.get(img, []) if not a.get("iscrowd", 0) and a["category_id"] in index]
        dets = [d for d in detections_of.get(img, []) if d["category_id"] in index]
        gt_cls = np.array([index[a["category_id"]] for a in anns], dtype=int)
        if len(dets) == 0:
            for gc in gt_cls:
                matrix[nc, gc] += 1
            continue
        dets = [d for d in dets if d["score"] > conf]
        det_cls = np.array([index[d["category_id"]] for d in dets], dtype=int)
        if len(anns) == 0:
            for dc in det_cls:
                matrix[dc, nc] += 1
            continue
        iou = box_iou(corners([a["bbox"] for a in anns]), corners([d["bbox"] for d in dets]))
        x = np.where(iou > iou_thres)
        if x[0].shape[0]:
            matches = np.concatenate((np.stack(x, 1), iou[x[0], x[1]][:, None]), 1)
            if x[0].shape[0] > 1:
                matches = matches[matches[:, 2].argsort()[::-1]]
                matches = matches[np.unique(matches[:, 1], return_index=True)[1]]
                matches = matches[matches[:, 2].argsort()[::-1]]
                matches = matches[np.unique(matches[:, 0], return_index=True)[1]]
        else:
            matches = np.zeros((0, 3))
        n = matches.shape[0] > 0
        m0, m1, _ = matches.transpose().astype(int)
        for i, gc in enumerate(gt_cls):
            j = m0 == i
            if n and sum(j) == 1:
                matrix[det_cls[m1[j].item()], gc] += 1
            else:
                matrix[nc, gc] += 1
        for i, dc in enumerate(det_cls):
            if not any(m1 == i):
                matrix[dc, nc] += 1
    return matrix


def run(path):
    with open(path) as f:
        case = json.load(f)
    gt, evaluator = load(case)
    gt.dataset["_results"] = case["dt"]
    conf = case.get("conf", 0.25)
    out = {"per_class": per_class(evaluator)}
    if case.get("analysis", True):
        out["operating_points"] = operating_points(evaluator, conf)
        out["confusion"] = confusion(gt, evaluator, conf, 0.45).tolist()
    with open(path + ".reference.json", "w") as f:
        json.dump(out, f)


for case_path in sys.argv[1:]:
    run(case_path)
