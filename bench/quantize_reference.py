"""onnxruntime's own FP16 and INT8 tools on the same model and calibration tensors as trtmap
(the anchors of bench/quantize.mjs): quantize_static in QDQ format, per channel, symmetric
int8 activations and weights (zero point 0, as TensorRT needs) with each of its calibrators,
and onnxruntime.transformers.float16 with float32 inputs and outputs.

usage: quantize_reference.py MODEL CALIB.f32 INPUT_NAME N,C,H,W OUT_DIR
"""
import sys
from pathlib import Path

import numpy as np
import onnx
import onnx.version_converter
from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType, quantize_static
from onnxruntime.transformers.float16 import convert_float_to_float16

model_path, calib_path, input_name, shape, out_dir = sys.argv[1:]
shape = [int(v) for v in shape.split(",")]
out = Path(out_dir)
data = np.fromfile(calib_path, dtype=np.float32).reshape(-1, *shape[1:])

# Per-channel Q/DQ needs opset 13 (DequantizeLinear's axis); quantize_static does not upgrade
# the model itself, so older models go through onnx's version converter first.
model = onnx.load(model_path)
if max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")) < 13:
    model = onnx.version_converter.convert_version(model, 13)
    model_path = str(out / "opset13.onnx")
    onnx.save(model, model_path)


# onnxruntime's histogram calibrators (Entropy, Percentile) hold every activation of every image
# until they build histograms: on yolov5n (640) and 64 images that passed 13 GB. Its own remedy,
# CalibStridedMinMax, collects STRIDE images at a time and merges (min/max exactly; histograms by
# onnxruntime's HistogramCollector merge), which bounds memory on this shared machine.
STRIDE = 16 if len(data) % 16 == 0 else len(data)


class Reader(CalibrationDataReader):
    def __init__(self):
        self.start, self.end = 0, len(data)
        self.index = 0

    def __len__(self):
        return len(data)

    def set_range(self, start_index, end_index):
        self.start, self.end = start_index, min(end_index, len(data))
        self.index = self.start

    def get_next(self):
        if self.index >= self.end:
            return None
        self.index += 1
        return {input_name: data[self.index - 1 : self.index]}


for name, method in [
    ("minmax", CalibrationMethod.MinMax),
    ("entropy", CalibrationMethod.Entropy),
    ("percentile", CalibrationMethod.Percentile),
]:
    if (out / f"ort-int8-{name}.onnx").exists():  # a --work folder kept from an earlier run
        print(f"kept ort-int8-{name}.onnx", flush=True)
        continue
    try:
        quantize_static(
            model_path,
            str(out / f"ort-int8-{name}.onnx"),
            Reader(),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            activation_type=QuantType.QInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=method,
            extra_options={
                "ActivationSymmetric": True,
                "WeightSymmetric": True,
                "CalibStridedMinMax": STRIDE,
            },
        )
    except Exception as error:  # one calibrator failing leaves the others' rows
        print(f"ort-int8-{name} failed: {type(error).__name__}: {error}", flush=True)
        continue
    print(f"wrote ort-int8-{name}.onnx", flush=True)

fp16 = convert_float_to_float16(onnx.load(model_path), keep_io_types=True)
onnx.save(fp16, str(out / "ort-fp16.onnx"))
print("wrote ort-fp16.onnx", flush=True)
