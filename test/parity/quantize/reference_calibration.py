"""Independent references for trtmap's calibrators, on histograms read from stdin (JSON).

entropy: TensorRT's entropy calibration as "8-bit Inference with TensorRT" (Migacz, GTC 2017)
documents it and NVIDIA's pytorch-quantization implements it (calib/histogram.py): bin 0 takes
bin 1's count, candidates i = 128 .. nbins, P = bins[:i] with the clipped mass on its last bin,
Q = the i bins merged into 128 levels (numpy.digitize on linspace(0, i, 129)) and spread back
over the non-empty bins, KL(P || Q) by scipy.stats.entropy, the last minimum wins,
amax = edges[i]. percentile: edges[searchsorted(cumsum(hist / total), p / 100)].
float16: numpy's astype(float16) bit patterns.
"""
import json
import sys

import numpy as np
from scipy.stats import entropy


def entropy_amax(hist, edges, start=128, levels=128):
    bins = np.array(hist, dtype=np.float64)
    bins[0] = bins[1]
    divergences = []
    for i in range(start, len(bins) + 1):
        space = np.linspace(0, i, num=levels + 1)
        level = np.digitize(np.arange(i), space) - 1
        nonzero = bins[:i] != 0
        sums = np.bincount(level[nonzero], weights=bins[:i][nonzero], minlength=levels)
        counts = np.bincount(level[nonzero], minlength=levels)
        candidate = np.zeros(i)
        candidate[nonzero] = sums[level[nonzero]] / counts[level[nonzero]]
        reference = bins[:i].copy()
        reference[-1] += bins[i:].sum()
        divergences.append(entropy(reference, candidate))
    divergences = np.array(divergences)
    last = len(divergences) - 1 - int(np.argmin(divergences[::-1]))
    return float(edges[last + start])


def percentile_amax(hist, edges, percentile):
    hist = np.array(hist, dtype=np.float64)
    cdf = np.cumsum(hist / hist.sum())
    return float(edges[np.searchsorted(cdf, percentile / 100)])


request = json.load(sys.stdin)
out = {}
if "histograms" in request:
    out["entropy"] = [entropy_amax(h["counts"], np.array(h["edges"])) for h in request["histograms"]]
    out["percentile"] = [
        percentile_amax(h["counts"], np.array(h["edges"]), request["percentile"]) for h in request["histograms"]
    ]
if "float16" in request:
    values = np.array(request["float16"], dtype=np.float32)
    out["float16"] = values.astype(np.float16).view(np.uint16).tolist()
json.dump(out, sys.stdout)
