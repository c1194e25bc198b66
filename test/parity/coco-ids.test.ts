import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CocoEvaluator, loadGroundTruthFile, loadResultsFile } from '../../lib/metrics/index.js';
import { stringifyJson } from '../../lib/metrics/json-write.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { seededRandom } from '../helpers/random.js';
import { expectPycocotoolsNumbers, pycocotoolsReferenceScript } from './coco/pycocotools.js';
import { randomCase, type RandomCase } from './coco/random-dataset.js';

/**
 * Every id form pycocotools accepts scores as pycocotools scores it: the
 * seeded random cases of coco-random.test.ts with their ids rewritten
 * (1) as strings whose order (Python's: by code point) differs from the
 * numbers' order, astral characters included, and (2) as integers above
 * 2^53 that a double would merge, written exactly in the files. Read
 * through the file readers (streamed, exact), compared on the 12 stats and
 * the full precision, recall and scores arrays. Id order matters beyond
 * looks: it breaks pycocotools' score ties across images.
 */
const CASES = Number(process.env.TRTMAP_PARITY_ID_CASES ?? 30);
const hasPycocotools = pythonHas('pycocotools', 'numpy');

type IdForm = 'strings' | 'big integers';
type Id = number | string | bigint;

function rewriteIds(data: RandomCase, form: IdForm): unknown {
  const random = seededRandom(data.seed * 7919);
  const names = ['ß', 'Z', 'a', '\u{1F600}', '\uFF21', 'img', '0', '_'];
  const stringOf = (kind: string, id: number): string =>
    `${names[Math.floor(random() * names.length)]}${kind}${(id * 7919) % 1009}-${id}`;
  const imageIds = new Map<number, Id>();
  const categoryIds = new Map<number, Id>();
  for (const image of data.gt.images) {
    imageIds.set(
      image.id,
      form === 'strings' ? stringOf('image', image.id) : 2n ** 53n + BigInt(image.id),
    );
  }
  for (const category of data.gt.categories) {
    categoryIds.set(
      category.id,
      form === 'strings' && random() < 0.5
        ? stringOf('cat', category.id)
        : form === 'strings'
          ? category.id
          : 2n ** 60n + 1n + BigInt(category.id),
    );
  }
  // Categories must be all strings or all numbers (pycocotools sorts them).
  if (form === 'strings' && [...categoryIds.values()].some((id) => typeof id === 'string')) {
    for (const [id, value] of categoryIds) categoryIds.set(id, String(value));
  }
  const image = (id: number) => imageIds.get(id)!;
  const category = (id: number) => categoryIds.get(id)!;
  return {
    gt: {
      images: data.gt.images.map((entry) => ({ ...entry, id: image(entry.id) })),
      categories: data.gt.categories.map((entry) => ({ ...entry, id: category(entry.id) })),
      annotations: data.gt.annotations.map((entry) => ({
        ...entry,
        id: form === 'strings' ? entry.id : 2n ** 64n + BigInt(entry.id as number),
        image_id: image(entry.image_id as number),
        category_id: category(entry.category_id as number),
      })),
    },
    dt: data.dt.map((entry) => ({
      ...entry,
      image_id: image(entry.image_id),
      category_id: category(entry.category_id),
    })),
    params: {
      ...data.params,
      ...(data.params.imgIds ? { imgIds: data.params.imgIds.map(image) } : {}),
      ...(data.params.catIds ? { catIds: data.params.catIds.map(category) } : {}),
    },
  };
}

describe.skipIf(!hasPycocotools)(
  `COCO parity with pycocotools on string and big-integer ids (${CASES} seeded cases each)`,
  () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'trtmap-coco-ids-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));
    const cases: Array<{ name: string; file: string; params: object }> = [];
    for (const form of ['strings', 'big integers'] as const) {
      for (let seed = 1; seed <= CASES; seed++) {
        const data = rewriteIds(randomCase(seed), form) as {
          gt: object;
          dt: object[];
          params: object;
        };
        const name = `${form === 'strings' ? 'string' : 'bigint'}-${seed}`;
        const file = path.join(directory, `${name}.json`);
        writeFileSync(file, stringifyJson(data));
        writeFileSync(`${file}.gt.json`, stringifyJson(data.gt));
        writeFileSync(`${file}.dt.json`, stringifyJson(data.dt));
        cases.push({ name, file, params: data.params });
      }
    }
    const ready = new Promise<void>((resolve) => {
      runPython(
        pycocotoolsReferenceScript,
        cases.map((entry) => entry.file),
      );
      resolve();
    });

    it.each(cases.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
      await ready;
      const groundTruth = loadGroundTruthFile(`${entry.file}.gt.json`);
      const evaluator = new CocoEvaluator(groundTruth, entry.params);
      evaluator.addResults(loadResultsFile(`${entry.file}.dt.json`, groundTruth));
      const { stats } = evaluator.summarize();
      const accumulation = evaluator.accumulate();
      expectPycocotoolsNumbers(entry.file, stats, accumulation);
    });

    it('the big integers really are beyond a double: 2^53 + k ids stay apart', () => {
      let bigints = 0;
      for (const entry of cases.filter((item) => item.name.startsWith('bigint'))) {
        const groundTruth = loadGroundTruthFile(`${entry.file}.gt.json`);
        expect(new Set(groundTruth.imageIds).size).toBe(groundTruth.images.length);
        // 2^53 + even k is a double, 2^53 + odd k is not: both kinds, none merged.
        bigints += groundTruth.imageIds.filter((id) => typeof id === 'bigint').length;
      }
      expect(bigints).toBeGreaterThan(10);
    });
  },
);

if (!hasPycocotools) {
  describe('COCO parity with pycocotools on string and big-integer ids', () => {
    it.skip(pythonMissingReason('pycocotools', 'numpy'), () => {});
  });
}
