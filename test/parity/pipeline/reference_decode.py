# Output decoding and NMS of the reference pipeline, vectorized with numpy:
# candidates in the order (head, anchor, cell, class) / (anchor, class) /
# (cell), boxes as corners in model input pixels, float64.
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def decode_yolo(outputs, meta, threshold, category_of):
    boxes, scores, categories = [], [], []
    W, H = meta["inputWidth"], meta["inputHeight"]
    for head in meta["heads"]:
        data = outputs[head["output"]][0].astype(np.float64)
        classes = head["classes"]
        rows, cols = data.shape[1], data.shape[2]
        data = data.reshape(len(head["mask"]), classes + 5, rows * cols)
        act = (lambda v: v) if head["newCoords"] else sigmoid
        cell = np.arange(rows * cols)
        col, row = cell % cols, cell // cols
        shift = 0.5 * (head["scaleXY"] - 1)
        for n, anchor in enumerate(head["mask"]):
            t = data[n]
            obj = act(t[4])
            x = ((col + act(t[0]) * head["scaleXY"] - shift) / cols) * W
            y = ((row + act(t[1]) * head["scaleXY"] - shift) / rows) * H
            aw, ah = head["anchors"][2 * anchor], head["anchors"][2 * anchor + 1]
            w = t[2] * t[2] * 4 * aw if head["newCoords"] else np.exp(t[2]) * aw
            h = t[3] * t[3] * 4 * ah if head["newCoords"] else np.exp(t[3]) * ah
            prob = obj[:, None] * act(t[5:].T)  # [cells, classes]
            keep = (obj[:, None] >= threshold) & (prob >= threshold) & (category_of[None, :] >= 0)
            cells, ks = np.nonzero(keep)
            boxes.append(np.stack([x[cells] - w[cells] / 2, y[cells] - h[cells] / 2,
                                   x[cells] + w[cells] / 2, y[cells] + h[cells] / 2], 1))
            scores.append(prob[cells, ks])
            categories.append(category_of[ks])
    return np.concatenate(boxes), np.concatenate(scores), np.concatenate(categories)


def decode_fastestdet(outputs, threshold, category_of, W, H):
    data = next(iter(outputs.values()))[0].astype(np.float64)
    channels, rows, cols = data.shape
    data = data.reshape(channels, rows * cols)
    best_class = np.argmax(data[5:], 0)
    best = data[5:][best_class, np.arange(rows * cols)]
    score = np.power(data[0], 0.6) * np.power(best, 0.4)
    cell = np.nonzero((score >= threshold) & (category_of[best_class] >= 0))[0]
    col, row = cell % cols, cell // cols
    cx = ((col + np.tanh(data[1, cell])) / cols) * W
    cy = ((row + np.tanh(data[2, cell])) / rows) * H
    w, h = sigmoid(data[3, cell]) * W, sigmoid(data[4, cell]) * H
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], 1)
    return boxes, score[cell], category_of[best_class[cell]]


def decode_ssd(outputs, threshold, category_of, W, H):
    b = outputs["boxes"][0].astype(np.float64)
    s = outputs["scores"][0].astype(np.float64)
    keep = (s >= threshold) & (category_of[None, :] >= 0)
    keep[:, 0] = False
    anchors, ks = np.nonzero(keep)
    boxes = np.stack([b[anchors, 1] * W, b[anchors, 0] * H, b[anchors, 3] * W, b[anchors, 2] * H], 1)
    return boxes, s[anchors, ks], category_of[ks]


def iou(box, others):
    """IoU of box(es) [..., 4] with others [..., 4], broadcast."""
    w = np.minimum(box[..., 2], others[..., 2]) - np.maximum(box[..., 0], others[..., 0])
    h = np.minimum(box[..., 3], others[..., 3]) - np.maximum(box[..., 1], others[..., 1])
    inter = np.where((w > 0) & (h > 0), w * h, 0.0)
    union = (box[..., 2] - box[..., 0]) * (box[..., 3] - box[..., 1]) + (others[..., 2] - others[..., 0]) * (others[..., 3] - others[..., 1]) - inter
    return np.where((w > 0) & (h > 0) & (union > 0), inter / np.where(union > 0, union, 1), 0.0)


def diou(box, others, beta):
    base = iou(box, others)
    cw = np.maximum(box[..., 2], others[..., 2]) - np.minimum(box[..., 0], others[..., 0])
    ch = np.maximum(box[..., 3], others[..., 3]) - np.minimum(box[..., 1], others[..., 1])
    c = cw * cw + ch * ch
    dx = (box[..., 0] + box[..., 2] - others[..., 0] - others[..., 2]) / 2
    dy = (box[..., 1] + box[..., 3] - others[..., 1] - others[..., 3]) / 2
    return np.where(c == 0, base, base - np.power((dx * dx + dy * dy) / np.where(c == 0, 1, c), beta))


def greedy_nms(boxes, scores, categories, nms, scale, max_per_class):
    """Indices kept, in descending score order (ties: earlier candidate first).

    Greedy NMS per category: the best remaining candidate is kept, and those
    overlapping it by more than the threshold are dropped. The overlaps of a
    block of the next candidates with all the remaining ones are computed in
    one broadcast call (the same float64 expression, element for element, as
    one candidate at a time), so the loop's per-candidate cost is a lookup.
    """
    order = np.argsort(-scores, kind="stable")
    kept = []
    scaled = boxes * np.array([scale[0], scale[1], scale[0], scale[1]])
    for category in np.unique(categories):
        members = order[categories[order] == category]
        count = 0
        while members.size > 0 and count < max_per_class:
            block = members[:BLOCK]
            overlaps = _overlaps(boxes, scaled, block, members, nms)
            dropped = np.zeros(members.size, dtype=bool)
            for row in range(block.size):
                if dropped[row]:
                    continue
                kept.append(block[row])
                count += 1
                if count >= max_per_class:
                    break
                # Only candidates after this one (rest) can be dropped by it.
                dropped[row + 1:] |= overlaps[row, row + 1:] > nms["iouThreshold"]
            if count >= max_per_class:
                break
            members = members[block.size:][~dropped[block.size:]]
    kept = np.array(kept, dtype=np.int64)
    return kept[np.lexsort((kept, -scores[kept]))] if kept.size else kept


# Candidates whose overlaps are computed at once: a block of 64 keeps the
# matrix small (64 x candidates) while the per-call overhead is shared.
BLOCK = 64


def _overlaps(boxes, scaled, block, members, nms):
    """[len(block), len(members)]: iou (or diou on the scaled boxes) of each block box with each member."""
    if nms["kind"] == "diou":
        return diou(scaled[block][:, None, :], scaled[members][None, :, :], nms["beta"])
    return iou(boxes[block][:, None, :], boxes[members][None, :, :])
