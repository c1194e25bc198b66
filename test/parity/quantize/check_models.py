"""Checks trtmap's FP16 / Q/DQ models with the real tools: onnx.checker (full check), ONNX Runtime
loading and running them, and the Q/DQ conventions TensorRT requires. Prints one JSON object."""
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

reference_path, *paths = sys.argv[1:]
reference = ort.InferenceSession(reference_path, providers=["CPUExecutionProvider"])
feed_info = reference.get_inputs()[0]
shape = [d if isinstance(d, int) else 1 for d in feed_info.shape]
x = (np.random.RandomState(0).uniform(0, 1, shape) * float(os.environ.get("INPUT_SCALE", "1"))).astype(np.float32)
expected = reference.run(None, {feed_info.name: x})

report = {}
for path in paths:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    outputs = session.run(None, {feed_info.name: x})
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    q_nodes = [n for n in model.graph.node if n.op_type in ("QuantizeLinear", "DequantizeLinear")]
    zero_points = [inits[n.input[2]] for n in q_nodes if len(n.input) > 2]
    per_channel_axes = sorted(
        {a.i for n in q_nodes for a in n.attribute if a.name == "axis" and inits[n.input[1]].ndim == 1}
    )
    report[path] = {
        "opset": max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
        "qdq": len(q_nodes),
        "zeroPointsAllZeroInt8": all(z.dtype == np.int8 and not z.any() for z in zero_points),
        "perChannelAxes": per_channel_axes,
        "float16Initializers": sum(t.data_type == onnx.TensorProto.FLOAT16 for t in model.graph.initializer),
        "inputTypes": [i.type.tensor_type.elem_type for i in model.graph.input],
        "outputTypes": [o.type.tensor_type.elem_type for o in model.graph.output],
        "maxAbsDiff": [float(np.abs(a.astype(np.float32) - b).max()) for a, b in zip(outputs, expected)],
        "maxAbsReference": [float(np.abs(b).max()) for b in expected],
    }
json.dump(report, sys.stdout)
