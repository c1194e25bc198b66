# The reference's own darknet network: a .cfg and .weights written as an ONNX graph with
# onnx.helper and run by ONNX Runtime. It shares no code with trtmap's converter (which
# cannot convert [avgpool] / [scale_channels], so MobileNetV2-YOLO-Fastest-voc-v2 needs
# this one); test/parity/model-references.test.ts compares the two on the models both
# convert. Layer semantics from AlexeyAB/darknet @ 59596d78:
# - src/parser.c: a `.weights` header of major, minor, revision (int32) and `seen` (uint64
#   when major * 10 + minor >= 2, else int32); per [convolutional]: biases, then with
#   batch_normalize scales, rolling_mean, rolling_variance; then filters x (c / groups) x
#   size x size weights. `pad=1` means padding size / 2.
# - src/blas.c normalize_cpu: (x - mean) / sqrt(variance + .00001f), then * scale + bias
#   (ONNX BatchNormalization with epsilon 1e-5 is that formula).
# - src/maxpool_layer.c: padding default size - 1, window offset -padding / 2, positions
#   outside the image ignored, out = (w + padding - size) / stride + 1: ONNX MaxPool with
#   pads padding / 2 before and the rest after.
# - src/avgpool_layer.c: the mean over the whole map; src/scale_channels_layer.c: the
#   `from` layer's output times the previous layer's value for its channel; shortcut: the
#   previous plus the `from` layer (same shapes in these models); upsample: nearest;
#   route: channel concatenation; dropout: identity at inference.
# - [yolo] layers: their input is an output of the graph, raw (the activations belong to
#   the decoder, darknet.py), in cfg order.
# Activations: linear, relu, leaky (0.1), logistic.
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from darknet import read_cfg


class WeightReader:
    def __init__(self, path):
        data = open(path, "rb").read()
        major, minor, _ = np.frombuffer(data[:12], dtype="<i4")
        self.offset = 20 if major * 10 + minor >= 2 else 16
        self.data = data

    def take(self, count):
        values = np.frombuffer(self.data, dtype="<f4", count=count, offset=self.offset)
        self.offset += 4 * count
        return values.astype(np.float32)

    def finish(self):
        if self.offset != len(self.data):
            raise ValueError("weights file has %d bytes left over" % (len(self.data) - self.offset))


class Graph:
    def __init__(self):
        self.nodes, self.initializers = [], []

    def constant(self, name, value):
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(self, op, inputs, name, **attributes):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attributes))
        return name


def activation(graph, kind, x, name):
    if kind == "linear":
        return x
    if kind == "relu":
        return graph.node("Relu", [x], name)
    if kind == "leaky":
        return graph.node("LeakyRelu", [x], name, alpha=0.1)
    if kind == "logistic":
        return graph.node("Sigmoid", [x], name)
    raise ValueError("activation %s is not supported by this reference" % kind)


def convolutional(graph, i, options, x, shape, reader):
    filters, size = int(options["filters"]), int(options["size"])
    stride, groups = int(options.get("stride", 1)), int(options.get("groups", 1))
    padding = size // 2 if int(options.get("pad", 0)) else int(options.get("padding", 0))
    biases = reader.take(filters)
    normalized = int(options.get("batch_normalize", 0))
    if normalized:
        scales, mean, variance = (reader.take(filters) for _ in range(3))
    weights = reader.take(filters * (shape[0] // groups) * size * size).reshape(filters, shape[0] // groups, size, size)
    inputs = [x, graph.constant("w%d" % i, weights)] + ([] if normalized else [graph.constant("b%d" % i, biases)])
    y = graph.node("Conv", inputs, "conv%d" % i, kernel_shape=[size, size], strides=[stride, stride],
                   pads=[padding] * 4, group=groups)
    if normalized:
        y = graph.node("BatchNormalization", [y, graph.constant("s%d" % i, scales), graph.constant("b%d" % i, biases),
                                              graph.constant("m%d" % i, mean), graph.constant("v%d" % i, variance)],
                       "bn%d" % i, epsilon=1e-5)
    y = activation(graph, options.get("activation", "logistic"), y, "act%d" % i)
    out = (filters, (shape[1] + 2 * padding - size) // stride + 1, (shape[2] + 2 * padding - size) // stride + 1)
    return y, out


def build(cfg, weights):
    """-> (onnx.ModelProto, [yolo output names]) for one image [1, c, h, w]."""
    sections = read_cfg(cfg)
    net = sections[0][1]
    width, height, channels = int(net["width"]), int(net["height"]), int(net.get("channels", 3))
    reader, graph = WeightReader(weights), Graph()
    x, shape = "input", (channels, height, width)
    names, shapes, heads = [], [], []
    for i, (kind, options) in enumerate(sections[1:]):
        ref = lambda v: int(v) if int(v) >= 0 else i + int(v)
        if kind == "convolutional":
            x, shape = convolutional(graph, i, options, x, shape, reader)
        elif kind == "maxpool":
            stride = int(options.get("stride", 1))
            size = int(options.get("size", stride))
            padding = int(options.get("padding", size - 1))
            x = graph.node("MaxPool", [x], "pool%d" % i, kernel_shape=[size, size], strides=[stride, stride],
                           pads=[padding // 2, padding // 2, padding - padding // 2, padding - padding // 2])
            shape = (shape[0], (shape[1] + padding - size) // stride + 1, (shape[2] + padding - size) // stride + 1)
        elif kind == "route":
            sources = [ref(v) for v in options["layers"].split(",")]
            x = names[sources[0]] if len(sources) == 1 else graph.node("Concat", [names[s] for s in sources], "route%d" % i, axis=1)
            shape = (sum(shapes[s][0] for s in sources),) + shapes[sources[0]][1:]
        elif kind == "shortcut":
            x = graph.node("Add", [x, names[ref(options["from"])]], "shortcut%d" % i)
            x = activation(graph, options.get("activation", "linear"), x, "shortcut_act%d" % i)
        elif kind == "scale_channels":
            source = ref(options["from"])
            x = graph.node("Mul", [names[source], x], "scale%d" % i)
            x = activation(graph, options.get("activation", "linear"), x, "scale_act%d" % i)
            shape = shapes[source]
        elif kind == "upsample":
            stride = int(options.get("stride", 2))
            scales = graph.constant("scales%d" % i, np.array([1, 1, stride, stride], dtype=np.float32))
            x = graph.node("Resize", [x, "", scales], "upsample%d" % i, mode="nearest")
            shape = (shape[0], shape[1] * stride, shape[2] * stride)
        elif kind == "avgpool":
            x = graph.node("GlobalAveragePool", [x], "avgpool%d" % i)
            shape = (shape[0], 1, 1)
        elif kind == "yolo":
            heads.append((x, shape))
        elif kind != "dropout":
            raise ValueError("darknet layer [%s] is not supported by this reference" % kind)
        names.append(x)
        shapes.append(shape)
    reader.finish()
    outputs = [helper.make_tensor_value_info(h, TensorProto.FLOAT, [1, *s]) for h, s in heads]
    model = helper.make_model(
        helper.make_graph(graph.nodes, "darknet", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, channels, height, width])],
                          outputs, graph.initializers),
        opset_imports=[helper.make_opsetid("", 13)], ir_version=8)
    onnx.checker.check_model(model)
    return model, [h for h, _ in heads]


def write(cfg, weights, folder):
    """Builds the model into `folder`; returns its path."""
    model, _ = build(cfg, weights)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, os.path.basename(cfg)[:-4] + ".reference.onnx")
    onnx.save(model, path)
    return path


if __name__ == "__main__":
    # argv: cfg weights folder -> prints the written model's path
    print(write(*sys.argv[1:4]))
