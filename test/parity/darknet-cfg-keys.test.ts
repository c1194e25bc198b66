import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCfg, parseNetwork } from '../../lib/darknet/index.js';
import { SectionReader } from '../../lib/darknet/section-reader.js';
import { fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

/**
 * No option of a fixture cfg is dropped silently: every key of every section
 * of every darknet cfg under $TRTMAP_FIXTURES is either read by the parser
 * (and so implemented or refused) or named below as one darknet uses only in
 * training, with the place that shows it.
 */
const trainingOnly: Record<string, Record<string, string>> = {
  net: Object.fromEntries(
    [
      // parse_net_options: optimizer, schedule and augmentation settings; detector.c
      // calls set_batch_network(net, 1) for inference, so batch/subdivisions do not matter.
      'batch',
      'subdivisions',
      'momentum',
      'decay',
      'learning_rate',
      'burn_in',
      'max_batches',
      'policy',
      'steps',
      'scales',
      'angle',
      'saturation',
      'exposure',
      'hue',
      'mosaic',
    ].map((key) => [key, 'parse_net_options: training only']),
  ),
  yolo: Object.fromEntries(
    [
      'ignore_thresh',
      'truth_thresh',
      'iou_thresh',
      'iou_loss',
      'iou_normalizer',
      'cls_normalizer',
      'jitter',
      'random',
    ].map((key) => [
      key,
      'forward_yolo_layer returns before any use when !state.train; jitter/random are data loading',
    ]),
  ),
};

function cfgFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return cfgFiles(full);
    return name.endsWith('.cfg') ? [full] : [];
  });
}

describe.skipIf(fixturesRoot === undefined)(
  `every option of the fixture cfgs is read or training-only${fixturesRoot ? '' : ` (skipped: ${fixturesMissingReason})`}`,
  () => {
    const read = new Set<string>();
    const spies: { mockRestore(): void }[] = [];

    beforeAll(() => {
      for (const method of ['has', 'string', 'int', 'float', 'numbers'] as const) {
        const original = SectionReader.prototype[method] as (
          this: SectionReader,
          key: string,
          ...rest: unknown[]
        ) => unknown;
        spies.push(
          vi.spyOn(SectionReader.prototype, method).mockImplementation(function (
            this: SectionReader,
            key: string,
            ...rest: unknown[]
          ) {
            read.add(`${this.section.type}.${key}`);
            return original.call(this, key, ...rest);
          } as never),
        );
      }
    });

    afterAll(() => spies.forEach((spy) => spy.mockRestore()));

    const files = fixturesRoot ? cfgFiles(fixturesRoot) : [];

    it('finds the darknet fixtures', () => {
      expect(files.length).toBeGreaterThanOrEqual(6);
    });

    for (const file of files) {
      it(path.relative(fixturesRoot!, file), () => {
        const text = readFileSync(file, 'utf8');
        read.clear();
        parseNetwork(text, file);
        const dropped: string[] = [];
        for (const section of parseCfg(text, file)) {
          const type = section.type === 'network' ? 'net' : section.type;
          for (const key of section.options.keys()) {
            if (read.has(`${section.type}.${key}`)) continue;
            if (trainingOnly[type]?.[key] !== undefined) continue;
            dropped.push(`${file}:${section.options.get(key)!.line} [${section.type}] ${key}`);
          }
        }
        expect(dropped).toEqual([]);
      });
    }

    it('notices an option the parser does not read', () => {
      read.clear();
      const text = '[net]\nwidth=8\nheight=8\nchannels=3\n[avgpool]\nstride=2\n';
      parseNetwork(text, 'x.cfg');
      expect(read.has('avgpool.stride')).toBe(false);
      expect(read.has('net.width')).toBe(true);
    });
  },
);
