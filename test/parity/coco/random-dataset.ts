import { seededRandom } from '../../helpers/random.js';

/**
 * Seeded random COCO ground truth + results with the quirks that break
 * re-implementations of COCOeval: gapped category ids, categories and images
 * without ground truth, crowd and `ignore` flags, segmentation areas unlike
 * w*h, zero-size boxes, more than 100 detections on an image, exact score
 * ties, and sometimes ground-truth id 0 or repeated ids.
 */
export interface RandomCase {
  seed: number;
  gt: {
    images: Array<{ id: number; width: number; height: number }>;
    annotations: Array<Record<string, unknown>>;
    categories: Array<{ id: number; name: string }>;
  };
  dt: Array<{ image_id: number; category_id: number; bbox: number[]; score: number }>;
  params: {
    useCats?: boolean;
    areaRng?: Array<[number, number]>;
    areaRngLbl?: string[];
    maxDets?: number[];
    imgIds?: number[];
    catIds?: number[];
  };
}

export function randomCase(seed: number): RandomCase {
  const random = seededRandom(seed);
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const round = (value: number, digits: number) => Number(value.toFixed(digits));

  const categoryCount = integer(1, 5);
  const categoryIds = [
    ...new Set(Array.from({ length: categoryCount }, () => integer(1, 90))),
  ].sort((a, b) => a - b);
  const withoutGroundTruth = new Set(categoryIds.filter(() => random() < 0.15));
  const images = Array.from({ length: integer(1, 12) }, (_, i) => ({
    id: 1000 + i * 5 + integer(0, 4),
    width: pick([640, 480, 333]),
    height: pick([480, 427, 500]),
  }));
  const firstId = random() < 0.1 ? 0 : 1;
  const repeatIds = random() < 0.05;
  const annotations: Array<Record<string, unknown>> = [];
  const dt: RandomCase['dt'] = [];
  const tieScore = round(random(), 2);
  for (const image of images) {
    const groundTruthCount = random() < 0.15 ? 0 : integer(1, 15);
    const boxes: Array<{ category: number; box: number[] }> = [];
    for (let g = 0; g < groundTruthCount; g++) {
      const categories = categoryIds.filter((id) => !withoutGroundTruth.has(id));
      if (categories.length === 0) break;
      const category = pick(categories);
      const size = Math.exp(Math.log(3) + random() * Math.log(image.width / 3));
      const w = random() < 0.03 ? 0 : round(Math.min(size * (0.5 + random()), image.width - 1), 2);
      const h = round(Math.min(size * (0.5 + random()), image.height - 1), 2);
      // Sometimes a copy of the previous box: IoU ties between ground truths.
      const previous = boxes[boxes.length - 1];
      const box =
        previous !== undefined && random() < 0.1
          ? [...previous.box]
          : [round(random() * (image.width - w), 2), round(random() * (image.height - h), 2), w, h];
      const id =
        repeatIds && annotations.length > 0 && random() < 0.2
          ? integer(firstId, annotations.length)
          : firstId + annotations.length;
      const annotation: Record<string, unknown> = {
        id,
        image_id: image.id,
        category_id: category,
        bbox: box,
        area: round(w * h * (random() < 0.5 ? 1 : 0.4 + random() * 0.6), 3),
        iscrowd: random() < 0.06 ? 1 : 0,
      };
      if (random() < 0.05) annotation.ignore = 1;
      annotations.push(annotation);
      boxes.push({ category, box });
    }
    const detectionCount = random() < 0.1 ? integer(101, 160) : integer(0, 25);
    for (let d = 0; d < detectionCount; d++) {
      let category = pick(categoryIds);
      let box: number[];
      if (boxes.length > 0 && random() < 0.6) {
        const source = pick(boxes);
        if (random() < 0.85) category = source.category;
        const jitter = random() < 0.15 ? 0 : random() * 0.3;
        const [x, y, w, h] = source.box;
        box = [
          x + (random() - 0.5) * jitter * Math.max(w, 1),
          y + (random() - 0.5) * jitter * Math.max(h, 1),
          Math.max(0, w * (1 + (random() - 0.5) * jitter)),
          Math.max(0, h * (1 + (random() - 0.5) * jitter)),
        ];
      } else {
        const size = 4 + random() * 200;
        box = [
          random() * image.width - 10,
          random() * image.height - 10,
          size,
          size * (0.5 + random()),
        ];
      }
      const score = random() < 0.1 ? tieScore : round(random(), random() < 0.5 ? 2 : 6);
      dt.push({
        image_id: image.id,
        category_id: category,
        bbox: box.map((v) => round(v, 2)),
        score,
      });
    }
  }
  return {
    seed,
    gt: { images, annotations, categories: categoryIds.map((id) => ({ id, name: `class_${id}` })) },
    dt,
    params: randomParams(random, images, categoryIds),
  };
}

function randomParams(
  random: () => number,
  images: RandomCase['gt']['images'],
  categoryIds: number[],
): RandomCase['params'] {
  const params: RandomCase['params'] = {};
  if (random() < 0.2) params.useCats = false;
  if (random() < 0.15) {
    params.areaRng = [
      [0, 1e10],
      [0, 400],
      [400, 5000],
      [5000, 1e10],
    ];
    params.areaRngLbl = ['all', 'small', 'medium', 'large'];
  }
  if (random() < 0.15) params.maxDets = [1, 5, 20];
  if (random() < 0.1) params.imgIds = images.filter(() => random() < 0.6).map((image) => image.id);
  if (random() < 0.1 && params.useCats !== false) {
    params.catIds = categoryIds.filter(() => random() < 0.7);
  }
  return params;
}
