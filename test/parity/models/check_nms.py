# Checks the vectorized NMS transcriptions the references use against literal, one box at
# a time transcriptions of the source loops they follow, on seeded random cases (ties,
# duplicates, empty and inverted boxes, negative coordinates, few and many classes):
#   torch_nms.nms / batched_nms / offset_nms  vs  nms_kernel.cpp's loop (float32 scalars)
#   efficientnms.efficient_nms                vs  the EfficientNMS kernel's sequential order
#   ssd.class_nms                             vs  non_max_suppression_op.cc DoNMSPerClass
#   darknet.nms_sort                          vs  box.c diounms_sort
# torchvision itself is not installable here (CUDA-only wheels for this torch). Prints
# {"<check>": {"cases": n, "mismatches": m}}.
import json
import sys

import numpy as np

import darknet
import efficientnms
import ssd
import torch_nms

f32 = np.float32


def kernel_nms(dets, scores, threshold):
    """nms_kernel_impl<float>, literally (equal scores in index order)."""
    x1, y1, x2, y2 = (dets[:, k].astype(f32) for k in range(4))
    areas = (x2 - x1) * (y2 - y1)
    order = torch_nms.descending(scores)
    suppressed = np.zeros(len(dets), dtype=bool)
    keep = []
    for _i in range(len(order)):
        i = order[_i]
        if suppressed[i]:
            continue
        keep.append(i)
        for _j in range(_i + 1, len(order)):
            j = order[_j]
            if suppressed[j]:
                continue
            w = max(f32(0), min(x2[i], x2[j]) - max(x1[i], x1[j]))
            h = max(f32(0), min(y2[i], y2[j]) - max(y1[i], y1[j]))
            inter = w * h
            with np.errstate(divide="ignore", invalid="ignore"):
                ovr = inter / (areas[i] + areas[j] - inter)
            if float(ovr) > threshold:
                suppressed[j] = True
    return np.array(keep, dtype=np.int64)


def random_case(rng, n, classes):
    centre = rng.uniform(-20, 140, (n, 2))
    size = rng.choice([0.0, 1.0, 8.0, 30.0], (n, 2)) * rng.uniform(0.5, 2, (n, 2))
    boxes = np.concatenate([centre - size / 2, centre + size / 2], 1).astype(f32)
    boxes[rng.random(n) < 0.05] = boxes[0]  # duplicates
    flip = rng.random(n) < 0.03
    boxes[flip] = boxes[flip][:, [2, 3, 0, 1]]  # inverted corners
    scores = rng.choice(np.linspace(0.001, 1, 40), n).astype(f32)  # many ties
    return boxes, scores, rng.integers(0, classes, n)


def check_torch(rng, cases):
    bad = 0
    for _ in range(cases):
        n, classes = int(rng.integers(1, 160)), int(rng.choice([1, 3, 20]))
        boxes, scores, cls = random_case(rng, n, classes)
        thr = float(rng.choice([0.3, 0.45, 0.6, 0.65]))
        bad += not np.array_equal(torch_nms.nms(boxes, scores, thr), kernel_nms(boxes, scores, thr))
        # batched_nms: the coordinate trick (<= 1000 boxes) is nms() of offset boxes.
        offset = cls.astype(f32) * (boxes.max() + f32(1))
        bad += not np.array_equal(torch_nms.batched_nms(boxes, scores, cls, thr),
                                  kernel_nms(boxes + offset[:, None], scores, thr))
        shifted = boxes + (cls.astype(f32) * f32(7680))[:, None]
        bad += not np.array_equal(torch_nms.offset_nms(boxes, scores, cls, 7680, thr), kernel_nms(shifted, scores, thr))
    return bad


def check_vanilla(rng, cases):
    """batched_nms above 4000 coordinates: nms() per class, kept sorted by score."""
    bad = 0
    for _ in range(cases):
        boxes, scores, cls = random_case(rng, int(rng.integers(1001, 1100)), 12)
        kept = []
        for c in np.unique(cls):
            members = np.nonzero(cls == c)[0]
            kept.extend(members[kernel_nms(boxes[members], scores[members], 0.5)])
        kept = np.sort(np.array(kept))
        expected = kept[torch_nms.descending(scores[kept])]
        bad += not np.array_equal(torch_nms.batched_nms(boxes, scores, cls, 0.5), expected)
    return bad


def check_efficient(rng, cases):
    bad = 0
    attributes = {"box_coding": 1, "class_agnostic": 0, "score_activation": 0, "background_class": -1,
                  "score_threshold": f32(0.3), "iou_threshold": f32(0.5), "max_output_boxes": 20}
    for _ in range(cases):
        n, classes = int(rng.integers(1, 100)), 4
        boxes, _, _ = random_case(rng, n, classes)
        cxcywh = np.concatenate([(boxes[:, :2] + boxes[:, 2:]) / 2, boxes[:, 2:] - boxes[:, :2]], 1).astype(f32)
        scores = rng.choice(np.linspace(0, 1, 30), (n, classes)).astype(f32)
        attributes["score_threshold"] = f32(rng.choice([0.001, 0.005, 0.0]))
        selected = int(rng.choice([50, 5000]))
        got = efficientnms.efficient_nms(cxcywh, scores, attributes, selected)
        bad += not all(np.array_equal(a, b) for a, b in zip(got, kernel_efficient(cxcywh, scores, attributes, selected)))
    return bad


def kernel_iou(a, b):
    """efficientNMSInference.cu IOU(): reorder, intersect, area() (0 for w or h <= 0)."""
    a = [min(a[0], a[2]), min(a[1], a[3]), max(a[0], a[2]), max(a[1], a[3])]
    b = [min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])]
    area = lambda x1, y1, x2, y2: f32(0) if (y2 - y1) <= 0 or (x2 - x1) <= 0 else (y2 - y1) * (x2 - x1)
    inter = area(max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    if inter <= 0:
        return f32(0)
    union = area(*a) + area(*b) - inter
    return f32(0) if union <= 0 else inter / union


def kernel_efficient(boxes, scores, attributes, selected):
    """The EfficientNMS kernel's decisions taken one box at a time in sorted order."""
    flat = scores.reshape(-1).copy()
    flat[flat < attributes["score_threshold"]] = f32(-32768)
    order = torch_nms.descending(flat)[:selected]
    c = boxes.shape[1] and scores.shape[1]
    half = f32(0.5)
    state, out = np.zeros(len(order), dtype=int), []
    corner = lambda k: np.array([boxes[k // c, 0] - boxes[k // c, 2] * half, boxes[k // c, 1] - boxes[k // c, 3] * half,
                                 boxes[k // c, 0] + boxes[k // c, 2] * half, boxes[k // c, 1] + boxes[k // c, 3] * half], dtype=f32)
    for i in range(len(order)):
        if state[i] == -1:
            continue
        if len(out) >= attributes["max_output_boxes"]:
            break
        state[i] = 1
        out.append(i)
        for t in range(i + 1, len(order)):
            if state[t] == 0 and order[t] % c == order[i] % c and flat[order[t]] <= flat[order[i]]:
                if kernel_iou(corner(order[i]), corner(order[t])) >= f32(attributes["iou_threshold"]):
                    state[t] = -1
    k = attributes["max_output_boxes"]
    det_boxes, det_scores, det_classes = np.zeros((k, 4), f32), np.zeros(k, f32), np.zeros(k, np.int32)
    for row, i in enumerate(out):
        det_boxes[row], det_scores[row], det_classes[row] = corner(order[i]), flat[order[i]], order[i] % c
    return np.array([len(out)], np.int32), det_boxes, det_scores, det_classes


def tf_iou(b, i, j):
    """non_max_suppression_op.cc IOU(const float* boxes, i, j), literally."""
    ymin_i, xmin_i, ymax_i, xmax_i = min(b[i, 0], b[i, 2]), min(b[i, 1], b[i, 3]), max(b[i, 0], b[i, 2]), max(b[i, 1], b[i, 3])
    ymin_j, xmin_j, ymax_j, xmax_j = min(b[j, 0], b[j, 2]), min(b[j, 1], b[j, 3]), max(b[j, 0], b[j, 2]), max(b[j, 1], b[j, 3])
    area_i, area_j = (ymax_i - ymin_i) * (xmax_i - xmin_i), (ymax_j - ymin_j) * (xmax_j - xmin_j)
    if area_i <= 0 or area_j <= 0:
        return f32(0)
    inter = max(min(ymax_i, ymax_j) - max(ymin_i, ymin_j), f32(0)) * max(min(xmax_i, xmax_j) - max(xmin_i, xmin_j), f32(0))
    return inter / (area_i + area_j - inter)


def box_diou(a, b, kind):
    """box.c box_iou / box_diou on centre-form float32 boxes, literally."""
    def overlap(x1, w1, x2, w2):
        left = max(x1 - w1 / f32(2), x2 - w2 / f32(2))
        right = min(x1 + w1 / f32(2), x2 + w2 / f32(2))
        return right - left
    w, h = overlap(a[0], a[2], b[0], b[2]), overlap(a[1], a[3], b[1], b[3])
    i = f32(0) if w < 0 or h < 0 else w * h
    u = a[2] * a[3] + b[2] * b[3] - i
    iou = f32(0) if i == 0 or u == 0 else i / u
    if kind != "greedynms":
        return iou
    top, bot = min(a[1] - a[3] / f32(2), b[1] - b[3] / f32(2)), max(a[1] + a[3] / f32(2), b[1] + b[3] / f32(2))
    left, right = min(a[0] - a[2] / f32(2), b[0] - b[2] / f32(2)), max(a[0] + a[2] / f32(2), b[0] + b[2] / f32(2))
    c = (right - left) * (right - left) + (bot - top) * (bot - top)
    if c == 0:
        return iou
    d = (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
    return iou - f32(pow(float(d / c), 0.6))


def check_tf(rng, cases):
    bad = 0
    for _ in range(cases):
        n = int(rng.integers(1, 200))
        boxes, scores, _ = random_case(rng, n, 1)
        yxyx = (boxes[:, [1, 0, 3, 2]] / f32(150)).astype(f32)
        scores[rng.random(n) < 0.2] = f32(0)
        got = ssd.class_nms(ssd.tf_iou_matrix(yxyx, f32), scores, f32)
        # DoNMSPerClass: a priority queue by score (equal: lower index first); a candidate
        # is compared with the selected boxes, newest first.
        selected = []
        for i in torch_nms.descending(scores):
            if not scores[i] > f32(ssd.SCORE) or len(selected) >= ssd.PER_CLASS:
                continue
            if all(not (tf_iou(yxyx, i, j) > f32(ssd.IOU)) for j in reversed(selected)):
                selected.append(i)
        bad += list(got) != selected
    return bad


def check_darknet(rng, cases):
    bad = 0
    for _ in range(cases):
        n, classes = int(rng.integers(1, 120)), 3
        boxes, _, _ = random_case(rng, n, 1)
        centre = np.concatenate([(boxes[:, :2] + boxes[:, 2:]) / 2, np.abs(boxes[:, 2:] - boxes[:, :2])], 1).astype(f32)
        probs = np.where(rng.random((n, classes)) < 0.5, rng.choice(np.linspace(0.01, 1, 25), (n, classes)), 0).astype(f32)
        kind = str(rng.choice(["greedynms", "default"]))
        got = darknet.nms_sort(centre, probs, kind, 0.45, f32)
        expected = probs.copy()
        for k in range(classes):
            order = torch_nms.descending(expected[:, k])
            for a in range(len(order)):
                if expected[order[a], k] == 0:
                    continue
                for b in range(a + 1, len(order)):
                    if box_diou(centre[order[a]], centre[order[b]], kind) > f32(0.45):
                        expected[order[b], k] = 0
        bad += not np.array_equal(got, expected)
    return bad


def main():
    rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    checks = {"torchvision nms": (check_torch, 40), "batched_nms per class": (check_vanilla, 2),
              "EfficientNMS_TRT": (check_efficient, 30), "TF non_max_suppression": (check_tf, 30),
              "darknet nms_sort": (check_darknet, 30)}
    json.dump({name: {"cases": n, "mismatches": int(fn(rng, n))} for name, (fn, n) in checks.items()}, sys.stdout)


if __name__ == "__main__":
    main()
