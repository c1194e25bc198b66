# The driver of the per-model reference pipelines. Reads a job (JSON on stdin):
#   family     yolov5 | ultralytics | yolox | nanodet | fastestdet | ssd | darknet | efficientnms
#   model      the ONNX model (darknet: null to build one from cfg + weights, or an ONNX
#              file with one raw output per [yolo] layer, such as trtmap's conversion)
#   dataset    {"kind": "coco", "annotations", "images"} | {"kind": "voc", "root"}
#   limit      the first N images in dataset order (trtmap's --limit), default all
#   tensors    a folder: "own" mode writes the input tensors and placements there for the
#              first `write_tensors` images (default all); "tensors" mode reads them instead
#              of preprocessing (then only images with a tensor file are run)
#   mode       "own" (default) | "tensors"
#   arithmetic ["repo"] (default) and/or "exact": each is a separate set of detections
#   threads    ONNX Runtime intra-op threads (default 1)
#   work       a scratch folder (efficientnms writes its plugin-free model there)
# Prints {"images": n, "image_ids": [...], "seconds": {...}, "<arithmetic>": {"detections":
# [...], "stats": [12], "voc": {...} on VOC datasets}}.
import importlib
import json
import os
import sys
import time

import numpy as np

from common import TensorFolder, coco_stats, evaluation_category, open_dataset, voc_map

FAMILIES = ("yolov5", "ultralytics", "yolox", "nanodet", "fastestdet", "ssd", "darknet", "efficientnms")


def session_for(path, threads):
    import onnxruntime
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def main():
    job = json.load(sys.stdin)
    if job["family"] not in FAMILIES:
        raise SystemExit("unknown family %r (one of %s)" % (job["family"], ", ".join(FAMILIES)))
    reference = importlib.import_module(job["family"]).Reference(job)
    gt = open_dataset(job["dataset"])
    images = gt["images"][: job.get("limit") or None]
    modes = job.get("arithmetic", ["repo"])
    category_of = evaluation_category(gt, reference.coco_ids)
    coco_to_evaluation = {coco: int(category_of[k]) for k, coco in enumerate(reference.coco_ids)}
    model = getattr(reference, "model", None) or job.get("model")
    session = session_for(model, job.get("threads", 1))
    run = lambda x: session.run(None, {session.get_inputs()[0].name: x[None]})
    folder = TensorFolder(job["tensors"]) if job.get("tensors") else None
    from_tensors = job.get("mode", "own") == "tensors"
    if from_tensors:
        images = [image for image in images if image["path"] in folder.placements]
    write_limit = job.get("write_tensors", len(images))
    seconds = {"preprocess": 0.0, "inference": 0.0, "postprocess": 0.0}
    results = {mode: [] for mode in modes}
    for index, image in enumerate(images):
        started = time.perf_counter()
        if from_tensors:
            tensor, placement = folder.read(image["path"], reference_shape(reference, image, folder))
        else:
            tensor, placement = reference.preprocess(image["path"])
            if folder is not None and index < write_limit:
                folder.write(index, image["path"], tensor, placement)
        inferred = time.perf_counter()
        outputs = run(tensor)
        done = time.perf_counter()
        for mode in modes:
            for d in reference.postprocess(outputs, placement, image["id"], mode == "exact"):
                d["category_id"] = coco_to_evaluation[d["category_id"]]
                if d["category_id"] >= 0:
                    results[mode].append(d)
        seconds["preprocess"] += inferred - started
        seconds["inference"] += done - inferred
        seconds["postprocess"] += time.perf_counter() - done
    if folder is not None and not from_tensors:
        folder.save()
    ids = [image["id"] for image in images]
    seconds["cpu"] = time.process_time()
    answer = {"images": len(images), "image_ids": ids, "seconds": seconds}
    for mode in modes:
        answer[mode] = {"detections": results[mode], "stats": coco_stats(gt, results[mode], ids)}
        if "voc_boxes" in gt:
            answer[mode]["voc"] = voc_map(gt, results[mode], ids)
    json.dump(answer, sys.stdout)


def reference_shape(reference, image, folder):
    """The CHW shape of a stored tensor, from its byte count (square inputs, 3 channels)."""
    size = os.path.getsize(folder.placements[image["path"]]["tensor"]) // 4
    side = int(round((size / 3) ** 0.5))
    return (3, side, side)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
