# Runs two ONNX models with one raw output per darknet [yolo] layer on the tensors a
# reference wrote (placements.json of a tensor folder) and prints the largest absolute
# difference of each output and the largest magnitude: argv = model_a model_b folder.
import json
import os
import sys

import numpy as np
import onnxruntime


def main():
    a, b, folder = sys.argv[1:4]
    sessions = [onnxruntime.InferenceSession(m, providers=["CPUExecutionProvider"]) for m in (a, b)]
    with open(os.path.join(folder, "placements.json")) as f:
        placements = json.load(f)
    worst, largest = None, 0.0
    for entry in placements.values():
        size = os.path.getsize(entry["tensor"]) // 4
        side = int(round((size / 3) ** 0.5))
        x = np.fromfile(entry["tensor"], dtype="<f4").reshape(1, 3, side, side)
        outputs = [s.run(None, {s.get_inputs()[0].name: x}) for s in sessions]
        diffs = [float(np.abs(p - q).max()) for p, q in zip(*outputs)]
        worst = diffs if worst is None else [max(u, v) for u, v in zip(worst, diffs)]
        largest = max(largest, max(float(np.abs(p).max()) for p in outputs[0]))
    json.dump({"images": len(placements), "maxAbsDiff": worst, "maxAbs": largest}, sys.stdout)


if __name__ == "__main__":
    main()
