import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

/**
 * Files and mistakes a new user brought (issue 12's trial report): each
 * either reads right or stops with a message that says what to do, through
 * the built CLI. Variants of the fixtures are written to a temporary folder.
 */
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-real-world-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function put(relative: string, content: string | Buffer): string {
  const file = path.join(folder, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** [width, height] of each voc100 image, in annotation-name order (eval's 1..N image ids). */
function vocSizes(): Map<string, [number, number]> {
  const annotations = fixture('datasets/voc100/Annotations');
  const sizes = new Map<string, [number, number]>();
  for (const name of readdirSync(annotations).sort()) {
    const xml = readFileSync(path.join(annotations, name), 'utf8');
    const width = Number(/<width>\s*(\d+)/.exec(xml)![1]);
    const height = Number(/<height>\s*(\d+)/.exec(xml)![1]);
    sizes.set(name.replace(/\.xml$/, ''), [width, height]);
  }
  return sizes;
}

describe.skipIf(!fixturesRoot)(
  `real-world files${fixturesRoot ? '' : ` (${fixturesMissingReason})`}`,
  () => {
    describe('boxes normalized to 0..1 get a warning naming the cause (finding 2)', () => {
      it('a COCO results .json against a VOC folder', () => {
        const sizes = [...vocSizes().values()];
        const results = JSON.parse(
          readFileSync(fixture('datasets/voc100/detections/coco_results.json'), 'utf8'),
        ) as { image_id: number; bbox: number[] }[];
        for (const result of results) {
          const [width, height] = sizes[result.image_id - 1];
          const [x, y, w, h] = result.bbox;
          result.bbox = [x / width, y / height, w / width, h / height];
        }
        const file = put('normalized.json', JSON.stringify(results));
        const run = trtmap('score', fixture('datasets/voc100'), file);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toMatch(
          /^trtmap: warning: \d+ of \d+ detections lie inside \[0, 1\] while the ground-truth boxes are in pixels: boxes normalized/,
        );
      });

      it('a folder of per-image .txt detections', () => {
        const detections = fixture('datasets/voc100/detections/txt');
        for (const [name, [width, height]] of vocSizes()) {
          const source = path.join(detections, `${name}.txt`);
          let text: string;
          try {
            text = readFileSync(source, 'utf8');
          } catch {
            continue;
          }
          const lines = text
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => {
              const [label, score, x1, y1, x2, y2] = line.trim().split(/\s+/);
              const scaled = [Number(x1) / width, Number(y1) / height];
              scaled.push(Number(x2) / width, Number(y2) / height);
              return [label, score, ...scaled.map((v) => v.toFixed(6))].join(' ');
            });
          put(`normalized-txt/${name}.txt`, lines.join('\n') + '\n');
        }
        const run = trtmap(
          'score',
          fixture('datasets/voc100'),
          path.join(folder, 'normalized-txt'),
        );
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toMatch(
          /detections lie inside \[0, 1\] while the ground-truth boxes are in pixels/,
        );
      });
    });
  },
);
