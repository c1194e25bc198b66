import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { format } from '../../lib/report/figures.js';
import type { ComparisonRun } from '../../lib/report/result.js';
import { chromium, chromiumMissingReason, runChromium } from '../helpers/chromium.js';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

/**
 * `trtmap compare` and `trtmap report` on the fixtures where TensorRT is
 * absent: the reference leg runs, the engine legs say why they were skipped,
 * and the reports render from the saved JSON with the JSON's numbers.
 */
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-compare-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Small and fast: a few images, a few benchmark runs with no minimum duration. */
const quick = ['--iterations', '3', '--duration', '0', '--warmup', '0', '--diff-images', '2'];

describe.skipIf(skipReason !== undefined)(
  `trtmap compare without TensorRT${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let run: ComparisonRun;
    let stdout: string;
    let stderr: string;
    const html = path.join(folder, 'voc.html');

    beforeAll(() => {
      const result = trtmap(
        'compare',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--preset',
        'fastestdet',
        '--voc',
        path.join(fixturesRoot!, 'datasets/voc100'),
        '--limit',
        '12',
        '--precisions',
        'fp32,fp16',
        '--report',
        html,
        '--report',
        path.join(folder, 'voc.md'),
        // 12 images: an FP16 leg's VOC mAP moves by about half a point from score ties alone.
        '--max-map-drop',
        '2',
        '--cache-dir',
        path.join(folder, 'cache'),
        ...quick,
      );
      // The TensorRT legs are skipped here: --max-map-drop could not check them, so exit 1.
      expect(result.code, result.stderr).toBe(1);
      stdout = result.stdout;
      stderr = result.stderr;
      run = JSON.parse(readFileSync(path.join(folder, 'voc.json'), 'utf8')) as ComparisonRun;
      // A whole compare run (several legs on ONNX Runtime): minutes on a loaded 2-core machine.
    }, 600_000);

    it('shows progress like eval, and one short line for the missing TensorRT', () => {
      expect(stderr).toMatch(/^trtmap: reference: evaluating on ONNX Runtime/m);
      expect(stderr).toMatch(/^reference: progress: 12\/12 images, [\d.]+ images\/s/m);
      const tensorRtLines = stderr.split('\n').filter((line) => /tensorrt/i.test(line));
      expect(tensorRtLines).toEqual([
        expect.stringMatching(
          /^trtmap: TensorRT is not available here \(ERR_[A-Z_]+; `trtmap doctor` says why and what to install\): TensorRT fp32, fp16 skipped$/,
        ),
      ]);
    });

    it("the JSON beside the report: the reference and trtmap's FP16 model on ONNX Runtime ran, both engine legs skipped with the reason", () => {
      expect(run.legs.map((leg) => [leg.id, leg.status])).toEqual([
        ['reference', 'ok'],
        ['fp16-ort', 'ok'],
        ['fp32', 'skipped'],
        ['fp16', 'skipped'],
      ]);
      for (const leg of run.legs.slice(2)) expect(leg.reason).toMatch(/^ERR_[A-Z_]+: /);
      expect(run.legs[1].label).toBe('fp16 (ONNX Runtime)');
      expect(run.legs[1].backend).toMatch(/^ONNX Runtime /);
      expect(run).toMatchObject({
        preset: 'fastestdet',
        headline: 'voc',
        dataset: { kind: 'voc', images: 12 },
      });
      const reference = run.legs[0];
      expect(reference.accuracy!.vocMap).toBeGreaterThan(0.2);
      expect(reference.speed!.iterations).toBeGreaterThanOrEqual(3);
      expect(reference.accuracy!.classes.length).toBeGreaterThan(3);
    });

    it('prints one table with the JSON numbers, says which legs were skipped and that the gate checked only the ONNX Runtime FP16 leg', () => {
      const reference = run.legs[0];
      const row = stdout.split('\n').find((line) => line.includes('ONNX Runtime (reference)'))!;
      for (const value of [
        reference.accuracy!.cocoMap,
        reference.accuracy!.cocoMap50,
        reference.accuracy!.vocMap,
      ])
        expect(row).toContain(format.map(value));
      expect(row).toContain(format.rate(reference.speed!.imagesPerSecond));
      expect(row).toContain(format.ms(reference.speed!.latency.p99));
      expect(stdout).toMatch(/TensorRT FP16 skipped: ERR_[A-Z_]+: /);
      expect(stdout).toContain(
        '--max-map-drop 2: not checked: TensorRT FP32 (skipped), TensorRT FP16 (skipped); within 2 points: fp16 (ONNX Runtime).',
      );
    });

    it('the Markdown report has the same numbers as the JSON', () => {
      const markdown = readFileSync(path.join(folder, 'voc.md'), 'utf8');
      const reference = run.legs[0];
      expect(markdown).toContain(
        `| FastestDet.onnx | ONNX Runtime (reference) | ${format.map(reference.accuracy!.cocoMap)} | ${format.map(reference.accuracy!.cocoMap50)} | ${format.map(reference.accuracy!.vocMap)} | ${format.rate(reference.speed!.imagesPerSecond)} |`,
      );
      // GT under the VOC headline: the objects of the class not marked difficult, counted in the
      // XML of the 12 images evaluated (--limit 12: the first in name order).
      const annotations = readdirSync(fixture('datasets/voc100/Annotations')).sort().slice(0, 12);
      const objects = annotations.flatMap((file) =>
        [
          ...readFileSync(path.join(fixture('datasets/voc100/Annotations'), file), 'utf8').matchAll(
            /<object>[\s\S]*?<name>\s*([^<]*?)\s*<\/name>[\s\S]*?<\/object>/g,
          ),
        ].map((match) => ({ name: match[1], difficult: /<difficult>\s*1/.test(match[0]) })),
      );
      for (const entry of reference.accuracy!.classes) {
        const devkit = objects.filter((o) => o.name === entry.name && !o.difficult).length;
        expect(entry.vocGroundTruths).toBe(devkit);
        expect(markdown).toContain(`| ${entry.name} | ${devkit} | ${format.map(entry.vocAp!)} |`);
      }
    });

    it('trtmap report re-renders the saved JSON to the same HTML', () => {
      const again = path.join(folder, 'again.html');
      const result = trtmap('report', path.join(folder, 'voc.json'), '--report', again);
      expect(result.code, result.stderr).toBe(0);
      expect(readFileSync(again, 'utf8')).toBe(readFileSync(html, 'utf8'));
      expect(result.stdout).toContain('ONNX Runtime (reference)');
      const bad = trtmap('report', fixture('datasets/tiny-coco/instances.json'));
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('not a trtmap compare result');
    });

    it.skipIf(chromium === undefined)(
      `the HTML opens in headless Chromium: a screenshot, and one PR curve per class${chromium ? '' : ` (skipped: ${chromiumMissingReason})`}`,
      () => {
        const url = pathToFileURL(html).href;
        const screenshot = path.join(folder, 'voc.png');
        runChromium(url, [
          `--screenshot=${screenshot}`,
          '--window-size=1280,2400',
          '--hide-scrollbars',
        ]);
        expect(statSync(screenshot).size).toBeGreaterThan(20_000);
        // A copy for people to look at, since the temp folder goes (TRTMAP_SCREENSHOT_DIR).
        const keep = process.env.TRTMAP_SCREENSHOT_DIR;
        if (keep) copyFileSync(screenshot, path.join(keep, 'compare-voc100.png'));
        const dom = runChromium(url, ['--dump-dom']);
        const classCharts = dom.match(/<svg[^>]*class="pr-curve class"[^>]*>/g) ?? [];
        const names = classCharts.map((tag) => /data-class="([^"]*)"/.exec(tag)![1]);
        expect(names).toEqual(run.legs[0].accuracy!.classes.map((entry) => entry.name));
        expect(dom.match(/class="pr-curve overall"/g)).toHaveLength(1);
        // Each chart drew its curve: one polyline with 101 points, for the one leg that ran.
        const first = dom.slice(dom.indexOf('class="pr-curve class"'));
        const polyline = /<polyline[^>]*points="([^"]*)"/.exec(first)![1];
        expect(polyline.trim().split(' ')).toHaveLength(101);
      },
    );

    it('COCO: the headline is mAP@[.5:.95]; bad options are clear errors', () => {
      const result = trtmap(
        'compare',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--preset',
        'fastestdet',
        '--coco',
        fixture('datasets/tiny-coco/instances.json'),
        '--images',
        path.join(fixturesRoot!, 'datasets/tiny-coco/images'),
        '--limit',
        '4',
        '--json',
        '-',
        '--cache-dir',
        path.join(folder, 'cache'),
        ...quick,
      );
      expect(result.code, result.stderr).toBe(0);
      const coco = JSON.parse(result.stdout) as ComparisonRun;
      expect(coco.headline).toBe('coco');
      expect(coco.legs.map((leg) => leg.id)).toEqual(['reference', 'fp16-ort', 'fp32', 'fp16']);
      const int8 = trtmap(
        'compare',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--voc',
        folder,
        '--precisions',
        'fp32,int8',
      );
      expect(int8.stderr).toContain('needs --calib-images <dir> for int8');
      const typo = trtmap(
        'compare',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--voc',
        folder,
        '--precisions',
        'fp8',
      );
      expect(typo.stderr).toContain(
        'Expected a list of fp32, fp16, int8 for --precisions but received "fp8"',
      );
    });
  },
);
