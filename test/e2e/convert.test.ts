import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNetwork } from '../../lib/darknet/index.js';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { randomWeightsFile } from '../parity/darknet/synthetic.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-convert-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const model = 'models/yolo-fastest-1.1/yolo-fastest-1.1';

describe.skipIf(!fixturesRoot)(
  `convert darknet on the fixture${fixturesRoot ? '' : ` (skipped: ${fixturesMissingReason})`}`,
  () => {
    it('writes the model and prints layers, parameters and outputs', () => {
      const output = path.join(folder, 'yolo-fastest.onnx');
      const run = trtmap(
        'convert',
        'darknet',
        fixture(`${model}.cfg`),
        fixture(`${model}.weights`),
        '-o',
        output,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(statSync(output).size).toBeGreaterThan(1_300_000);
      expect(run.stdout).toMatch(
        /layers +131 \(84 convolutional, 18 dropout, 18 shortcut, 3 maxpool, 5 route, 2 yolo, 1 upsample\)/,
      );
      expect(run.stdout).toMatch(/parameters +346,062 in the weights, 326,170 in the ONNX model/);
      expect(run.stdout).toMatch(/input +input \[1, 3, 320, 320\] RGB, x\/255/);
      expect(run.stdout).toMatch(/yolo_121 +\[1, 255, 10, 10\] +mask 3,4,5, stride 32/);
      expect(run.stdout).toMatch(/yolo_130 +\[1, 255, 20, 20\] +mask 0,1,2, stride 16/);
    });

    it('takes --input-size and --batch dynamic', () => {
      const output = path.join(folder, 'yolo-fastest-416.onnx');
      const run = trtmap(
        'convert',
        'darknet',
        fixture(`${model}.cfg`),
        fixture(`${model}.weights`),
        '-o',
        output,
        '--input-size',
        '416x416',
        '--batch',
        'dynamic',
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/input +input \[batch, 3, 416, 416\]/);
      expect(run.stdout).toMatch(/yolo_121 +\[batch, 255, 13, 13\]/);
    });

    it('fails with ERR_DARKNET and the count of missing floats on truncated weights', () => {
      const truncated = path.join(folder, 'truncated.weights');
      writeFileSync(truncated, readFileSync(fixture(`${model}.weights`)).subarray(0, 1_000_000));
      const run = trtmap(
        'convert',
        'darknet',
        fixture(`${model}.cfg`),
        truncated,
        '-o',
        path.join(folder, 'x.onnx'),
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^trtmap: ERR_DARKNET: .*truncated\.weights holds 249995 floats .* needs 346062: 96067 floats missing; the file ends inside layer \d+ \[convolutional\] \(.*yolo-fastest-1\.1\.cfg:\d+\)/,
      );
    });
  },
);

describe('convert darknet without fixtures', () => {
  const tinyAnchors = '10,14, 23,27, 37,58, 81,82, 135,169, 344,319';
  const head = (mask: string) =>
    `[convolutional]\nfilters=255\nsize=1\nactivation=linear\n[yolo]\nmask=${mask}\nanchors=${tinyAnchors}\nclasses=80\nnum=6\n`;
  const cfgText = `[net]\nwidth=32\nheight=32\nchannels=3\n${head('3,4,5')}[route]\nlayers=-2\n${head('0,1,2')}`;
  const cfg = path.join(folder, 'yolov3-tiny-like.cfg');
  const weights = path.join(folder, 'yolov3-tiny-like.weights');
  writeFileSync(cfg, cfgText);
  writeFileSync(weights, randomWeightsFile(parseNetwork(cfgText), 3));

  it('warns about the yolov3-tiny mask and still converts', () => {
    const run = trtmap('convert', 'darknet', cfg, weights, '-o', path.join(folder, 'tiny.onnx'));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^trtmap: warning: .*yolov3-tiny-like\.cfg:20: .*trained with mask=1,2,3/,
    );
  });

  it('reports malformed cfg lines with their number and bad usage with exit code 2', () => {
    const broken = path.join(folder, 'broken.cfg');
    writeFileSync(broken, cfgText.replace('classes=80', 'classes 80'));
    const run = trtmap(
      'convert',
      'darknet',
      broken,
      weights,
      '-o',
      path.join(folder, 'broken.onnx'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /ERR_DARKNET: .*broken\.cfg:9: \[yolo\] .* \(note: .*broken\.cfg:12: "classes 80" is not key=value; darknet ignores the line/,
    );
    expect(trtmap('convert', 'darknet', cfg, weights).stderr).toMatch(
      /-o <model\.onnx> is required/,
    );
    expect(
      trtmap('convert', 'darknet', cfg, weights, '-o', 'x.onnx', '--batch', '0').stderr,
    ).toMatch(/Expected a positive integer or "dynamic" for --batch but received "0"/);
    expect(trtmap('convert', 'caffe', cfg).code).toBe(2);
  });
});
