import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../lib/report/html.js';
import type { LegAnalysis } from '../../../lib/report/result.js';
import { formatComparison } from '../../../lib/report/text.js';
import { sampleRun } from './fixture-run.js';

function analysis(small: number, localization: number, background: number): LegAnalysis {
  const dAP = { classification: 1, localization, both: 0.5, duplicate: 0, background, missed: 2 };
  return {
    apBySize: { small, medium: 0.4, large: 0.6 },
    classApBySize: {
      person: { small, medium: 0.4, large: 0.6 },
      car: { small: -1, medium: 0.3, large: 0.5 },
    },
    tide: { ap: 50, dAP, dAPMean: dAP, counts: {}, countsBySize: {} },
    bestF1: { confidence: 0.3, f1: 0.6, precision: 0.7, recall: 0.5 },
  };
}

describe('comparison: per-size AP and error types per leg', () => {
  const run = sampleRun();
  run.legs[0].accuracy!.analysis = analysis(0.2, 4, 3);
  run.legs[2].accuracy!.analysis = analysis(0.17, 5.5, 3.1); // FP16: small objects, localization
  const text = formatComparison(run);

  it('per size: each leg and its difference from the reference in points', () => {
    expect(text).toMatch(/^ONNX Runtime \(reference\)\s+20\.00\s+40\.00\s+60\.00\s*$/m);
    expect(text).toMatch(
      /^TensorRT FP16\s+17\.00\s+-3\.00\s+40\.00\s+\+0\.00\s+60\.00\s+\+0\.00$/m,
    );
    expect(text).toContain('TensorRT FP16, largest per-class drops by size: person (small) -3.00');
  });

  it('error types: dAP, share and change; one sentence says what moved most', () => {
    // reference total dAP 1 + 4 + 0.5 + 0 + 3 + 2 = 10.5: localization 38%
    expect(text).toMatch(/^ONNX Runtime \(reference\)\s+50\.00\s+1\.00 \(10%\)\s+4\.00 \(38%\)/m);
    expect(text).toMatch(/TensorRT FP16\s+50\.00\s+1\.00 \(8%\) \+0\.00\s+5\.50 \(45%\) \+1\.50/);
    expect(text).toContain(
      'TensorRT FP16: -1.20 points of COCO mAP; the error that grew most: localization (+1.50 dAP); the size that lost most: small (-3.00 points).',
    );
  });

  it('the HTML report has both tables; a run without analysis has neither', () => {
    const html = renderHtml(run);
    expect(html).toContain('<table id="sizes">');
    expect(html).toContain('<table id="errors">');
    expect(renderHtml(sampleRun())).not.toContain('id="errors"');
  });
});
