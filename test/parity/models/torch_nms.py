# numpy transcriptions of the NMS the PyTorch-based repositories call:
#   torchvision.ops.nms         -> csrc/ops/cpu/nms_kernel.cpp (pytorch/vision @ 01d5d107)
#   torchvision.ops.batched_nms -> ops/boxes.py (pytorch/vision @ 01b12c69): on the CPU,
#       more than 4000 box coordinates go class by class (_batched_nms_vanilla), fewer
#       through one nms() of boxes offset by class * (max coordinate + 1)
#       (_batched_nms_coordinate_trick).
# torchvision is not installable here (the index has only CUDA builds for this torch),
# so test_torch_nms.py checks these against a line-by-line scalar transcription of the
# kernel instead.
#
# Arithmetic: "repo" reproduces the kernel's float32 (areas, intersections, the ratio;
# the ratio is compared with the double threshold as C++ promotes it). "exact" is the
# same algorithm in float64 (what an implementation free of float32 artifacts, such as
# the quantization of class-offset coordinates, decides).
#
# Order: the kernel sorts scores with at::sort(descending), which is not stable among
# equal scores; these transcriptions take equal scores in index order.
import numpy as np


def descending(scores):
    """Indices by descending score, equal scores in index order."""
    return np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")


def _iou_one_to_many(box, others, areas_one, areas_many, dtype):
    xx1 = np.maximum(box[0], others[:, 0])
    yy1 = np.maximum(box[1], others[:, 1])
    xx2 = np.minimum(box[2], others[:, 2])
    yy2 = np.minimum(box[3], others[:, 3])
    w = np.maximum(dtype(0), xx2 - xx1)
    h = np.maximum(dtype(0), yy2 - yy1)
    inter = w * h
    with np.errstate(divide="ignore", invalid="ignore"):
        return inter / (areas_one + areas_many - inter)


def _below_or_equal(threshold, dtype):
    """The largest `dtype` value <= threshold: for x of that dtype, x > it exactly when
    double(x) > threshold, the comparison C++ makes."""
    t = dtype(threshold)
    return t if float(t) <= threshold else np.nextafter(t, dtype(-np.inf))


def _greedy(boxes, order, threshold, dtype):
    """nms_kernel_impl on `order` (positions into boxes): kept positions, in order."""
    threshold = _below_or_equal(threshold, dtype)
    b = boxes[order]
    areas = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    alive = np.ones(len(order), dtype=bool)
    kept = []
    for i in range(len(order)):
        if not alive[i]:
            continue
        kept.append(order[i])
        rest = np.nonzero(alive[i + 1:])[0] + i + 1
        if rest.size == 0:
            break
        ovr = _iou_one_to_many(b[i], b[rest], areas[i], areas[rest], dtype)
        # C++: `ovr > iou_threshold` promotes the float ratio to double (see _below_or_equal).
        alive[rest[ovr > threshold]] = False
    return kept


def nms(boxes, scores, threshold, exact=False, groups=None):
    """torchvision.ops.nms: indices kept, by descending score. `groups` (optional)
    names boxes that can never overlap across groups (a caller's class offsets); the
    greedy pass then runs per group, which decides exactly the same (an IoU of 0
    never suppresses) in a fraction of the time."""
    dtype = np.float64 if exact else np.float32
    boxes = np.asarray(boxes, dtype=dtype).reshape(-1, 4)
    order = descending(scores)
    if groups is None:
        return np.array(_greedy(boxes, order, threshold, dtype), dtype=np.int64)
    groups = np.asarray(groups)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    kept = []
    for group in np.unique(groups):
        members = order[groups[order] == group]
        kept.extend(_greedy(boxes, members, threshold, dtype))
    kept = np.array(kept, dtype=np.int64)
    return kept[np.argsort(rank[kept], kind="stable")]


def separated(boxes, offsets):
    """Whether boxes offset by per-box `offsets` (added to all four coordinates) can
    never overlap across different offsets: the largest extent stays below the
    smallest gap between distinct offsets."""
    if len(boxes) == 0:
        return True
    extent = max(boxes[:, 2].max() - boxes[:, 0].min(), boxes[:, 3].max() - boxes[:, 1].min())
    distinct = np.unique(offsets)
    return len(distinct) < 2 or extent < np.diff(distinct).min()


def offset_nms(boxes, scores, classes, max_wh, threshold, exact=False):
    """What yolov5 / ultralytics non_max_suppression do: nms() on boxes offset by
    class * max_wh (7680) in the boxes' dtype. "exact" runs class by class on the
    unshifted float64 boxes instead (the offset only separates classes)."""
    classes = np.asarray(classes)
    if exact:
        return nms(boxes, scores, threshold, exact=True, groups=classes)
    shifted = np.asarray(boxes, dtype=np.float32) + (classes.astype(np.float32) * np.float32(max_wh))[:, None]
    groups = classes if separated(np.asarray(boxes, dtype=np.float64), classes * float(max_wh)) else None
    return nms(shifted, scores, threshold, groups=groups)


def batched_nms(boxes, scores, classes, threshold, exact=False):
    """torchvision.ops.batched_nms on the CPU (see the header for the two branches)."""
    boxes = np.asarray(boxes, dtype=np.float64 if exact else np.float32).reshape(-1, 4)
    classes = np.asarray(classes)
    if boxes.size == 0:
        return np.zeros(0, dtype=np.int64)
    if exact or boxes.size > 4000:
        # _batched_nms_vanilla: nms() per class, kept indices sorted by descending score
        # (torch's sort again; equal scores in index order here).
        kept = np.sort(nms(boxes, scores, threshold, exact=exact, groups=classes))
        return kept[descending(np.asarray(scores)[kept])]
    offset = classes.astype(np.float32) * (boxes.max() + np.float32(1))
    shifted = boxes + offset[:, None]
    groups = classes if separated(boxes.astype(np.float64), offset.astype(np.float64)) else None
    return nms(shifted, scores, threshold, groups=groups)
