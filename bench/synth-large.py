#!/usr/bin/env python3
"""An LVIS-scale synthetic COCO set for `npm run bench:metrics -- --large`:
by default 20,000 images, 1,000 categories, exactly 2,000,000 detections,
seeded, vectorized with numpy so it is written in seconds rather than minutes.

It keeps the quirks of ../shared/tools/synth_coco.py that trip up a
re-implementation of COCO evaluation:

- category ids with gaps (1,000 ids drawn from 1..1,250) and a long tail of
  category frequencies (Zipf, as LVIS's rare / common / frequent split),
- GT 'area' (segmentation area) that differs from bbox w*h,
- iscrowd regions, and 'ignore' flags,
- images without GT, categories without GT (-> -1 in the summary),
- more than 100 detections on some images (maxDets truncation),
- exact score ties (stable-sort order matters),
- tiny / degenerate boxes (zero width),
- detections of categories absent from an image,
- sparse image ids, images listed in shuffled order.

Usage: synth-large.py --out DIR [--images N] [--detections D] [--categories K] [--seed S]
Writes DIR/gt.json and DIR/dt.json and prints one summary line.
"""
import argparse
import os

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=20000)
    ap.add_argument("--detections", type=int, default=2000000)
    ap.add_argument("--categories", type=int, default=1000)
    ap.add_argument("--gt-per-image", type=float, default=12.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)

    cats = np.sort(rng.choice(np.arange(1, a.categories * 5 // 4 + 1), a.categories, replace=False))
    no_gt = rng.choice(cats, size=max(1, a.categories // 40), replace=False)
    gt_cats = cats[~np.isin(cats, no_gt)]
    freq = rng.zipf(1.6, size=len(gt_cats)).astype(float)
    freq /= freq.sum()

    n = a.images
    image_ids = 100000 + np.arange(n) * 7 + rng.integers(0, 7, n)
    widths = rng.choice([640, 480, 512, 427, 333], n)
    heights = rng.choice([480, 640, 375, 500, 427], n)

    # Ground truth: 3% of images empty, the rest Poisson(gt-per-image), at most 60.
    n_gt = np.minimum(60, rng.poisson(a.gt_per_image, n))
    n_gt[rng.random(n) < 0.03] = 0
    g_img = np.repeat(np.arange(n), n_gt)
    G = len(g_img)
    g_cat = rng.choice(gt_cats, size=G, p=freq)
    gw, gh = widths[g_img], heights[g_img]
    s = np.exp(rng.uniform(np.log(4), np.log(np.minimum(gw, gh))))
    ar = np.exp(rng.normal(0, 0.5, G))
    bw = np.minimum(gw - 1, s * np.sqrt(ar))
    bh = np.minimum(gh - 1, s / np.sqrt(ar))
    bw[rng.random(G) < 0.01] = 0.0  # degenerate boxes
    x = rng.uniform(0, 1, G) * (gw - bw)
    y = rng.uniform(0, 1, G) * (gh - bh)
    g_box = np.round(np.stack([x, y, bw, bh], 1), 2)
    g_area = np.round(g_box[:, 2] * g_box[:, 3] * rng.uniform(0.35, 0.95, G), 3)
    g_crowd = (rng.random(G) < 0.012).astype(int)
    g_ignore = rng.random(G) < 0.005

    # Detections per image: 10% of images get 1.5x the mean (more than maxDets=100).
    mean = a.detections / n
    per_image = np.full(n, mean)
    per_image[rng.random(n) < 0.1] = mean * 1.5
    per_image *= a.detections / per_image.sum()
    k = np.floor(per_image).astype(np.int64)
    short = a.detections - k.sum()
    k[rng.choice(n, short, replace=False)] += 1

    # True positives of varying quality: 0-2 jittered copies of each GT box,
    # 10% of them with a wrong category.
    copies = rng.integers(0, 3, G)
    t_src = np.repeat(np.arange(G), copies)
    T = len(t_src)
    j = rng.uniform(0.0, 0.2, T)
    tb = g_box[t_src]
    tx = tb[:, 0] + rng.normal(0, 1, T) * j * np.maximum(tb[:, 2], 1)
    ty = tb[:, 1] + rng.normal(0, 1, T) * j * np.maximum(tb[:, 3], 1)
    tw = np.maximum(0.5, tb[:, 2] * np.exp(rng.normal(0, 1, T) * j))
    th = np.maximum(0.5, tb[:, 3] * np.exp(rng.normal(0, 1, T) * j))
    t_cat = np.where(rng.random(T) < 0.9, g_cat[t_src], rng.choice(cats, T))
    t_score = np.clip(rng.beta(5, 2, T) - j, 0.001, 1.0)
    t_img = g_img[t_src]
    tp_count = np.bincount(t_img, minlength=n)
    # An image whose true positives exceed its budget keeps them; others fill with
    # false positives, and the total is brought back to exactly --detections.
    fp_count = np.maximum(0, k - tp_count)
    excess = tp_count.sum() + fp_count.sum() - a.detections
    while excess > 0:
        can = np.flatnonzero(fp_count > 0)
        take = rng.choice(can, min(excess, len(can)), replace=False)
        fp_count[take] -= 1
        excess -= len(take)

    F = int(fp_count.sum())
    f_img = np.repeat(np.arange(n), fp_count)
    fw_img, fh_img = widths[f_img], heights[f_img]
    fs = np.exp(rng.uniform(np.log(4), np.log(np.minimum(fw_img, fh_img))))
    f_box = np.stack(
        [
            rng.uniform(0, 1, F) * (fw_img + 10) - 10,
            rng.uniform(0, 1, F) * (fh_img + 10) - 10,
            fs,
            fs * np.exp(rng.normal(0, 0.4, F)),
        ],
        1,
    )
    f_cat = rng.choice(cats, F)
    f_score = rng.beta(1, 8, F) * 0.6

    # Each image's true positives first, then its false positives (file order matters for ties).
    d_img = np.concatenate([t_img, f_img])
    order = np.argsort(d_img, kind="stable")
    d_img = d_img[order]
    d_cat = np.concatenate([t_cat, f_cat])[order]
    d_box = np.round(np.concatenate([np.stack([tx, ty, tw, th], 1), f_box])[order], 2)
    d_score = np.concatenate([t_score, f_score])[order]
    d_score[rng.random(len(d_score)) < 0.03] = 0.5  # exact ties across images and categories
    d_score = np.round(d_score, 4)

    os.makedirs(a.out, exist_ok=True)
    write_ground_truth(a, rng, image_ids, widths, heights, cats, g_img, g_cat, g_box, g_area, g_crowd, g_ignore)
    with open(os.path.join(a.out, "dt.json"), "w") as f:
        ids = image_ids[d_img].tolist()
        f.write("[")
        f.write(
            ", ".join(
                f'{{"image_id": {i}, "category_id": {c}, "bbox": [{x!r}, {y!r}, {w!r}, {h!r}], "score": {s!r}}}'
                for i, c, (x, y, w, h), s in zip(ids, d_cat.tolist(), d_box.tolist(), d_score.tolist())
            )
        )
        f.write("]")
    print(
        f"images={n} gt={G} crowd={int(g_crowd.sum())} categories={len(cats)} "
        f"dets={len(d_img)} images_over_100_dets={int((np.bincount(d_img, minlength=n) > 100).sum())} "
        f"no_gt_cats={len(no_gt)}"
    )


def write_ground_truth(a, rng, image_ids, widths, heights, cats, g_img, g_cat, g_box, g_area, g_crowd, g_ignore):
    shuffled = rng.permutation(len(image_ids))
    images = ", ".join(
        f'{{"id": {i}, "width": {w}, "height": {h}, "file_name": "{i:012d}.jpg"}}'
        for i, w, h in zip(
            image_ids[shuffled].tolist(), widths[shuffled].tolist(), heights[shuffled].tolist()
        )
    )
    annotations = ", ".join(
        f'{{"id": {n + 1}, "image_id": {i}, "category_id": {c}, "bbox": [{x!r}, {y!r}, {w!r}, {h!r}], '
        f'"area": {ar!r}, "iscrowd": {cr}' + (', "ignore": 1}' if ig else "}")
        for n, (i, c, (x, y, w, h), ar, cr, ig) in enumerate(
            zip(
                image_ids[g_img].tolist(),
                g_cat.tolist(),
                g_box.tolist(),
                g_area.tolist(),
                g_crowd.tolist(),
                g_ignore.tolist(),
            )
        )
    )
    categories = ", ".join(
        f'{{"id": {c}, "name": "class_{c}", "supercategory": "thing"}}' for c in cats.tolist()
    )
    with open(os.path.join(a.out, "gt.json"), "w") as f:
        f.write(
            f'{{"info": {{"description": "synth-large seed={a.seed}"}}, "images": [{images}], '
            f'"annotations": [{annotations}], "categories": [{categories}]}}'
        )


if __name__ == "__main__":
    main()
