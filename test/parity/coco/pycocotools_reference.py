"""Runs pycocotools 2.0.11 on every case file given and writes, next to each,
<case>.stats.json (the 12 stats) and <case>.precision / .recall / .scores
(float64, C order, as COCOeval.eval holds them)."""
import contextlib
import io
import json
import sys

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def run(path):
    with open(path) as f:
        case = json.load(f)
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO()
        gt.dataset = case["gt"]
        gt.createIndex()
        dt = gt.loadRes(case["dt"]) if case["dt"] else None
        if dt is None:
            # pycocotools cannot load an empty results list (it reads anns[0]).
            dt = COCO()
            dt.dataset = {"images": case["gt"]["images"], "categories": case["gt"]["categories"], "annotations": []}
            dt.createIndex()
        evaluator = COCOeval(gt, dt, "bbox")
        params = case["params"]
        for key in ("imgIds", "catIds", "maxDets", "areaRngLbl"):
            if key in params:
                setattr(evaluator.params, key, params[key])
        if "areaRng" in params:
            evaluator.params.areaRng = params["areaRng"]
        if "useCats" in params:
            evaluator.params.useCats = int(params["useCats"])
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
    with open(path + ".stats.json", "w") as f:
        json.dump([float(v) for v in evaluator.stats], f)
    for key in ("precision", "recall", "scores"):
        np.ascontiguousarray(evaluator.eval[key], dtype=np.float64).tofile(path + "." + key)


for case_path in sys.argv[1:]:
    run(case_path)
