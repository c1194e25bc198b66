"""A transcription of the VOC devkit's Python voc_eval() / voc_ap() (Bharath
Hariharan's py-faster-rcnn version, as shipped by detectron2 and mmdet), made
to take in-memory boxes and the switches trtmap exposes. It is the reference
the seeded parity tests compare lib/metrics/voc against.

Deliberate changes from the original, each named by the switch that selects it:
- iou_comparison '>=' (MATLAB VOCevaldet: ov >= minoverlap) or '>' (voc_eval.py);
- pixel '+1' (the original) or 'continuous' (widths x2 - x1);
- the confidence sort is np.argsort(-confidence, kind='stable'), as MATLAB's
  sort is; numpy's default quicksort is only stable below 17 elements.
- a ground-truth box is a candidate only when it intersects the detection
  (MATLAB's `if iw>0 & ih>0`); this matters only for a threshold of 0.

stdin: JSON {"gt": [[image, class, x1, y1, x2, y2, difficult]...],
             "dt": [[image, class, conf, x1, y1, x2, y2]...],
             "iou": t, "cmp": ">=", "pixel": "+1"}
stdout: JSON {class: {"ap07": .., "ap": .., "prec": [..], "rec": [..], "tp": n, "fp": n}}
"""
import json
import sys

import numpy as np


def voc_ap(rec, prec, use_07_metric):
    if use_07_metric:
        ap = 0.0
        for t in np.arange(0.0, 1.1, 0.1):
            p = 0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t])
            ap = ap + p / 11.0
        return float(ap)
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


def voc_eval_class(gt, dt, classname, ovthresh, cmp, pixel):
    one = 1.0 if pixel == '+1' else 0.0
    class_recs = {}
    npos = 0
    for image, cls, x1, y1, x2, y2, difficult in gt:
        if cls != classname:
            continue
        rec = class_recs.setdefault(image, {'bbox': [], 'difficult': [], 'det': []})
        rec['bbox'].append([x1, y1, x2, y2])
        rec['difficult'].append(bool(difficult))
        rec['det'].append(False)
        npos += 0 if difficult else 1
    mine = [d for d in dt if d[1] == classname]
    image_ids = [d[0] for d in mine]
    confidence = np.array([d[2] for d in mine], dtype=float)
    BB = np.array([d[3:7] for d in mine], dtype=float).reshape(-1, 4)
    sorted_ind = np.argsort(-confidence, kind='stable')
    BB = BB[sorted_ind, :]
    image_ids = [image_ids[x] for x in sorted_ind]
    nd = len(image_ids)
    tp = np.zeros(nd)
    fp = np.zeros(nd)
    for d in range(nd):
        R = class_recs.get(image_ids[d], {'bbox': [], 'difficult': [], 'det': []})
        bb = BB[d, :]
        ovmax = -np.inf
        BBGT = np.array(R['bbox'], dtype=float).reshape(-1, 4)
        if BBGT.size > 0:
            ixmin = np.maximum(BBGT[:, 0], bb[0])
            iymin = np.maximum(BBGT[:, 1], bb[1])
            ixmax = np.minimum(BBGT[:, 2], bb[2])
            iymax = np.minimum(BBGT[:, 3], bb[3])
            iw = np.maximum(ixmax - ixmin + one, 0.0)
            ih = np.maximum(iymax - iymin + one, 0.0)
            inters = iw * ih
            uni = ((bb[2] - bb[0] + one) * (bb[3] - bb[1] + one) +
                   (BBGT[:, 2] - BBGT[:, 0] + one) * (BBGT[:, 3] - BBGT[:, 1] + one) - inters)
            overlaps = np.where(inters > 0, inters / np.where(uni > 0, uni, 1.0), -np.inf)
            ovmax = np.max(overlaps)
            jmax = np.argmax(overlaps)
        passed = ovmax >= ovthresh if cmp == '>=' else ovmax > ovthresh
        if passed:
            if not R['difficult'][jmax]:
                if not R['det'][jmax]:
                    tp[d] = 1.0
                    R['det'][jmax] = True
                else:
                    fp[d] = 1.0
        else:
            fp[d] = 1.0
    fp = np.cumsum(fp)
    tp = np.cumsum(tp)
    with np.errstate(divide='ignore', invalid='ignore'):
        rec = tp / float(npos)
    prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    out = {'npos': npos, 'prec': prec.tolist(), 'tp': int(tp[-1]) if nd else 0,
           'fp': int(fp[-1]) if nd else 0}
    if npos > 0:
        out['rec'] = rec.tolist()
        out['ap'] = voc_ap(rec, prec, False)
        out['ap07'] = voc_ap(rec, prec, True)
    return out


def main():
    job = json.load(sys.stdin)
    cases = job if isinstance(job, list) else [job]
    answers = []
    for case in cases:
        classes = sorted({g[1] for g in case['gt']} | {d[1] for d in case['dt']})
        answers.append({c: voc_eval_class(case['gt'], case['dt'], c, case['iou'], case['cmp'],
                                          case['pixel']) for c in classes})
    json.dump(answers if isinstance(job, list) else answers[0], sys.stdout)


if __name__ == '__main__':
    main()
