/** Small hand-made COCO datasets for the edge-case tests. */
export interface Box {
  image?: number;
  category?: number;
  bbox: [number, number, number, number];
  area?: number;
  iscrowd?: number;
  ignore?: number;
  id?: number;
}

export function groundTruth(
  boxes: Box[],
  options: { images?: number[]; categories?: number[] } = {},
) {
  const images = options.images ?? [...new Set(boxes.map((box) => box.image ?? 1))];
  const categories = options.categories ?? [...new Set(boxes.map((box) => box.category ?? 1))];
  return {
    images: images.map((id) => ({ id, width: 640, height: 480 })),
    categories: categories.map((id) => ({ id, name: `class_${id}` })),
    annotations: boxes.map((box, index) => ({
      id: box.id ?? index + 1,
      image_id: box.image ?? 1,
      category_id: box.category ?? 1,
      bbox: box.bbox,
      area: box.area ?? box.bbox[2] * box.bbox[3],
      iscrowd: box.iscrowd ?? 0,
      ...(box.ignore === undefined ? {} : { ignore: box.ignore }),
    })),
  };
}

export function detection(
  bbox: [number, number, number, number],
  score: number,
  options: { image?: number; category?: number } = {},
) {
  return { image_id: options.image ?? 1, category_id: options.category ?? 1, bbox, score };
}
