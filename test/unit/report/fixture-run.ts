import { latencyStatistics } from '../../../lib/bench/statistics.js';
import type { ClassAccuracy, ComparisonRun, Leg, LegId } from '../../../lib/report/result.js';

const recallThresholds = Array.from({ length: 101 }, (_, i) => i / 100);

/** A class curve: precision 1 up to `reach`, 0 after (its AP50 is about `reach`). */
function curveTo(reach: number): number[] {
  return recallThresholds.map((recall) => (recall <= reach ? 1 : 0));
}

function classes(shift: number): ClassAccuracy[] {
  return [
    {
      id: 1,
      name: 'person',
      groundTruths: 40,
      ap: 0.5 + shift,
      ap50: 0.8,
      vocAp: 0.81 + shift,
      curve: curveTo(0.8),
    },
    {
      id: 18,
      name: 'dog <&> "cat"',
      groundTruths: 5,
      ap: 0.3 + shift,
      ap50: 0.6,
      vocAp: 0.62 + shift,
      curve: curveTo(0.6),
    },
    {
      id: 3,
      name: 'car',
      groundTruths: 12,
      ap: 0.2 + shift,
      ap50: 0.4,
      vocAp: 0.41 + shift,
      curve: curveTo(0.4),
    },
  ];
}

function leg(
  id: LegId,
  label: string,
  map: number,
  imagesPerSecond: number,
  latencies: number[],
): Leg {
  return {
    id,
    label,
    backend: id === 'reference' ? 'ONNX Runtime 1.30.0 (CPU)' : 'TensorRT 10.3.0 on NVIDIA Orin',
    status: 'ok',
    accuracy: {
      cocoMap: map,
      cocoMap50: map + 0.2,
      vocMap: map + 0.25,
      images: 10,
      skippedImages: 0,
      detections: 500,
      pipelineImagesPerSecond: imagesPerSecond / 2,
      overallCurve: curveTo(0.6),
      classes: classes(map - 0.33),
    },
    speed: {
      batch: 1,
      iterations: latencies.length,
      warmupIterations: 3,
      wallMs: latencies.reduce((a, b) => a + b, 0),
      inferencesPerSecond: imagesPerSecond,
      imagesPerSecond,
      latency: latencyStatistics(latencies),
      hostLatency: latencyStatistics(latencies),
      histogram: { edges: [1, 2, 3], counts: [latencies.length - 1, 1] },
    },
  };
}

/** A comparison with every kind of leg: reference, two engines that ran (one losing 1.2 points), INT8 skipped. */
export function sampleRun(): ComparisonRun {
  const fp16 = leg('fp16', 'TensorRT FP16', 0.318, 600, [1.5, 1.6, 1.7, 2.5]);
  fp16.tensorDiffs = [
    {
      output: 'scores',
      images: 2,
      elements: 200,
      maxAbsolute: 0.004,
      meanAbsolute: 0.0005,
      maxRelative: 0.02,
      meanRelative: 0.001,
      mismatches: 17,
      passed: false,
    },
  ];
  const fp32 = leg('fp32', 'TensorRT FP32', 0.33, 300, [3, 3.2, 3.1, 4]);
  fp32.engine = { path: '/cache/abc-fp32.plan', cached: false, buildSeconds: 42.5 };
  fp32.tensorDiffs = [
    {
      output: 'scores',
      images: 2,
      elements: 200,
      maxAbsolute: 2e-6,
      meanAbsolute: 1e-7,
      maxRelative: 3e-6,
      meanRelative: 2e-7,
      mismatches: 0,
      passed: true,
    },
  ];
  return {
    format: 'trtmap-compare',
    version: 1,
    createdAt: '2026-11-28T08:00:00.000Z',
    trtmapVersion: '0.1.0',
    model: { path: '/models/FastestDet.onnx', sha256: 'ab'.repeat(32) },
    preset: 'fastestdet',
    dataset: { kind: 'coco', path: '/data/instances.json', images: 10 },
    headline: 'coco',
    recallThresholds,
    tolerances: { atol: 1e-5, rtol: 1e-5, images: 2 },
    maxMapDrop: 0.5,
    legs: [
      leg('reference', 'ONNX Runtime (reference)', 0.33, 100, [9, 10, 11, 12]),
      fp32,
      fp16,
      {
        id: 'int8',
        label: 'TensorRT INT8',
        backend: 'TensorRT',
        status: 'skipped',
        reason: 'ERR_TENSORRT_NOT_FOUND: no TensorRT here',
      },
    ],
  };
}
