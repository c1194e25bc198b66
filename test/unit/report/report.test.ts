import { describe, expect, it } from 'vitest';
import {
  classRows,
  legFigures,
  mapDropFailures,
  mapDropVerdict,
} from '../../../lib/report/figures.js';
import { renderHtml } from '../../../lib/report/html.js';
import { renderMarkdown } from '../../../lib/report/markdown.js';
import { formatComparison } from '../../../lib/report/text.js';
import { sampleRun } from './fixture-run.js';

describe('comparison figures', () => {
  it('speed-up against the FP32 engine, mAP difference against the reference in points', () => {
    const [reference, fp32, fp16, int8] = legFigures(sampleRun());
    expect(fp16.speedupVsFp32).toBeCloseTo(2, 12);
    expect(reference.speedupVsFp32).toBeCloseTo(1 / 3, 12);
    expect(fp32.mapDifferencePoints).toBeCloseTo(0, 12);
    expect(fp16.mapDifferencePoints).toBeCloseTo(-1.2, 10);
    expect(int8).toMatchObject({ cocoMap: undefined, speedupVsFp32: undefined });
  });

  it('--max-map-drop: a leg fails only when it loses more than the limit', () => {
    const run = sampleRun();
    expect(mapDropFailures(run).map((f) => f.leg.id)).toEqual(['fp16']);
    expect(mapDropFailures({ ...run, maxMapDrop: 1.2001 })).toEqual([]);
    expect(mapDropFailures({ ...run, maxMapDrop: undefined })).toEqual([]);
  });

  it('--max-map-drop verdict: passed only when every leg ran; skipped or failed legs are not checked', () => {
    const run = sampleRun();
    expect(mapDropVerdict(run)).toMatchObject({ status: 'failed' });
    expect(mapDropVerdict(run)!.text).toBe(
      '--max-map-drop 0.5: FAILED: TensorRT FP16 lost 1.20 points; not checked: TensorRT INT8 (skipped); within 0.5 points: TensorRT FP32.',
    );
    const lenient = { ...run, maxMapDrop: 2 };
    expect(mapDropVerdict(lenient)!.status).toBe('not checked');
    expect(mapDropVerdict(lenient)!.text).toBe(
      '--max-map-drop 2: not checked: TensorRT INT8 (skipped); within 2 points: TensorRT FP32, TensorRT FP16.',
    );
    const allRan = { ...lenient, legs: lenient.legs.filter((leg) => leg.status === 'ok') };
    expect(mapDropVerdict(allRan)).toMatchObject({
      status: 'passed',
      text: '--max-map-drop 2: passed (no leg lost more than 2 points).',
    });
    const noneRan = {
      ...lenient,
      legs: lenient.legs.filter((leg) => leg.id !== 'fp32' && leg.id !== 'fp16'),
    };
    expect(mapDropVerdict(noneRan)!.text).toBe(
      '--max-map-drop 2: not checked: TensorRT INT8 (skipped).',
    );
    expect(formatComparison(noneRan)).toContain('--max-map-drop 2: not checked');
    expect(mapDropVerdict({ ...run, maxMapDrop: undefined })).toBeUndefined();
  });

  it('per-class differences use the headline metric (COCO AP or VOC AP)', () => {
    const run = sampleRun();
    const { legs, rows } = classRows(run);
    expect(legs.map((leg) => leg.id)).toEqual(['fp32', 'fp16']);
    expect(rows[0].differences.get('fp16')).toBeCloseTo(-1.2, 10);
    const voc = classRows({ ...run, headline: 'voc' });
    expect(voc.rows[0].referenceAp).toBeCloseTo(0.81, 12);
  });
});

describe('text and Markdown', () => {
  it('one table with every leg, the skipped one with its reason, and the gate verdict', () => {
    const text = formatComparison(sampleRun());
    expect(text).toMatch(
      /TensorRT FP16\s+31\.80\s+51\.80\s+56\.80\s+600\.0\s+1\.65\s+2\.50\s+2\.00x\s+-1\.20/,
    );
    expect(text).toContain('TensorRT INT8 skipped: ERR_TENSORRT_NOT_FOUND: no TensorRT here');
    expect(text).toContain('--max-map-drop 0.5: FAILED: TensorRT FP16 lost 1.20 points');
    expect(text).toContain('TensorRT FP32 engine: /cache/abc-fp32.plan (built in 42.5 s)');
    expect(text).toMatch(
      /TensorRT FP16\s+scores\s+4\.000e-3\s+5\.000e-4\s+2\.000e-2\s+1\.000e-3\s+17\s+FAILED/,
    );
  });

  it('an FP16 leg failing the FP32 tolerances gets a note saying what FAILED means there', () => {
    const text = formatComparison(sampleRun());
    expect(text).toMatch(
      /TensorRT FP16: FP16 and INT8 outputs differ from FP32 far beyond these tolerances by design/,
    );
    const run = sampleRun();
    run.legs.find((leg) => leg.id === 'fp16')!.tensorDiffs![0]!.passed = true;
    expect(formatComparison(run)).not.toContain('by design');
  });

  it('Markdown: the same figures in pipe tables, pipes in names escaped', () => {
    const run = sampleRun();
    run.legs[1].label = 'TensorRT | FP32';
    const markdown = renderMarkdown(run);
    expect(markdown).toContain(
      '| FastestDet.onnx | TensorRT FP16 | 31.80 | 51.80 | 56.80 | 600.0 | 1.65 | 2.50 | 2.00x | -1.20 |',
    );
    expect(markdown).toContain('TensorRT \\| FP32');
    expect(markdown).toMatch(/^\| --- \| ---: \|/m);
  });
});

describe('HTML report', () => {
  const html = renderHtml(sampleRun());

  it('is self-contained: no script, nothing loaded from anywhere', () => {
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=/i);
  });

  it('one PR-curve chart per class plus the overall one, a curve per leg that ran', () => {
    const charts = html.match(/<svg[^>]*class="pr-curve class"[^>]*>/g) ?? [];
    expect(charts).toHaveLength(3);
    expect(html).toContain('data-class="dog &lt;&amp;&gt; &quot;cat&quot;"');
    expect(html.match(/class="pr-curve overall"/g)).toHaveLength(1);
    const person = html.slice(html.indexOf('data-class="person"'));
    const chart = person.slice(0, person.indexOf('</svg>'));
    expect(chart.match(/<polyline/g)).toHaveLength(3); // reference, FP32, FP16; INT8 skipped
  });

  it('mAP and speed bars per leg, and a latency histogram per leg that ran', () => {
    expect(html.match(/<svg[^>]*class="map-bars"/g)).toHaveLength(1);
    expect(html.match(/<svg[^>]*class="latency-histogram"/g)).toHaveLength(3);
    expect(html).toContain('<tr data-leg="int8" class="skipped">');
    expect(html).toMatch(
      /<tr data-leg="fp16"><td>FastestDet.onnx<\/td><td>TensorRT FP16<\/td><td>31.80<\/td>/,
    );
  });

  it('the machine without --power: its description, no empty power table; with power: the table', () => {
    const run = sampleRun();
    run.board = {
      cpuModel: 'ARMv8 Processor rev 1 (v8l)',
      cpuCount: 4,
      gpu: { name: 'NVIDIA Tegra X1', driver: '10.2' },
    };
    const plain = renderHtml(run);
    expect(plain).toContain('<h2>Machine</h2>');
    expect(plain).toContain('ARMv8 Processor rev 1 (v8l)');
    expect(plain).not.toContain('<table id="board">');
    const fp16 = run.legs.find((leg) => leg.id === 'fp16')!;
    fp16.speed!.power = {
      rail: 'POM_5V_IN',
      source: 'tegrastats',
      averageWatts: 5.1,
      peakWatts: 6.3,
      energyPerImageMj: 160.4,
      imagesPerSecondPerWatt: 6.24,
    } as NonNullable<typeof fp16.speed>['power'];
    const powered = renderHtml(run);
    expect(powered).toContain('<h2>Machine and power</h2>');
    expect(powered).toMatch(/<table id="board">.*<td>5\.10<\/td><td>6\.30<\/td><td>160\.4<\/td>/s);
  });
});

describe('HTML report: what the curves are', () => {
  it('a VOC run says the curves count difficult boxes and differ from the VOC AP table', () => {
    const run = sampleRun();
    expect(renderHtml(run)).toContain("The curves are pycocotools' precision at IoU 0.5");
    run.headline = 'voc';
    expect(renderHtml(run)).toMatch(/count every ground-truth box, difficult ones included/);
  });
});

describe('HTML report: leg colours', () => {
  it('every kind of leg (ONNX Runtime FP16/INT8 too) gets its own colour in curves, legend, bars and histograms', () => {
    const run = sampleRun();
    const fp16 = run.legs.find((leg) => leg.id === 'fp16')!;
    run.legs.push(
      {
        ...(JSON.parse(JSON.stringify(fp16)) as typeof fp16),
        id: 'fp16-ort',
        label: 'ONNX Runtime FP16',
      },
      {
        ...(JSON.parse(JSON.stringify(fp16)) as typeof fp16),
        id: 'int8-ort',
        label: 'ONNX Runtime INT8',
      },
    );
    const html = renderHtml(run);
    expect(html).not.toContain('undefined');
    const colourOf = (id: string) =>
      html.match(new RegExp(`<polyline fill="none" stroke="([^"]+)"[^>]*data-leg="${id}"`))?.[1];
    const colours = ['reference', 'fp32', 'fp16', 'fp16-ort', 'int8-ort'].map(colourOf);
    expect(colours.every((colour) => /^#[0-9A-F]{6}$/i.test(colour ?? ''))).toBe(true);
    expect(new Set(colours).size).toBe(colours.length);
    for (const id of ['fp16-ort', 'int8-ort']) {
      const colour = colourOf(id)!;
      expect(html).toContain(`<i style="background:${colour}"></i>ONNX Runtime`);
      expect(html).toMatch(new RegExp(`fill="${colour}" data-leg="${id}"`));
      expect(html).toMatch(
        new RegExp(`class="latency-histogram" data-leg="${id}"[^]*?fill="${colour}"`),
      );
    }
  });
});
