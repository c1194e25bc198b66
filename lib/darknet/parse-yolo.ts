import type { DarknetLayer, Shape } from './layers.js';
import type { SectionReader } from './section-reader.js';

type Base = { index: number; line: number; input: Shape };

/** [yolo], after parse_yolo: the head's decoding parameters; the tensor passes through. */
export function parseYolo(reader: SectionReader, base: Base): DarknetLayer {
  const classes = reader.int('classes', 20);
  const total = reader.int('num', 1);
  // parse_yolo_mask: without a mask the head uses anchors 0..num-1.
  const mask = reader.numbers('mask', true) ?? Array.from({ length: total }, (_, index) => index);
  const anchors = reader.numbers('anchors', false);
  if (anchors === undefined) throw reader.error('needs anchors=...');
  if (anchors.length < 2 * total) {
    throw reader.error(
      `num=${total} needs ${2 * total} anchor values but anchors has ${anchors.length}`,
      'anchors',
    );
  }
  for (const entry of mask) {
    if (entry < 0 || entry >= total)
      throw reader.error(`mask entry ${entry} is outside 0..num-1 (num=${total})`, 'mask');
  }
  const expected = mask.length * (classes + 5);
  if (base.input.channels !== expected) {
    throw reader.error(
      `the previous layer has ${base.input.channels} channels but ${mask.length} anchors x (${classes} classes + 5) need ${expected}: check filters= of the [convolutional] before`,
    );
  }
  return {
    ...base,
    kind: 'yolo',
    output: base.input,
    classes,
    mask,
    anchors: anchors.slice(0, 2 * total),
    scaleXY: reader.float('scale_x_y', 1),
    newCoords: reader.int('new_coords', 0) !== 0,
    nmsKind: nmsKind(reader.string('nms_kind', 'default')),
    betaNms: reader.float('beta_nms', 0.6),
  };
}

/** parse_yolo keeps greedynms and diounms and treats any other value as the default NMS. */
function nmsKind(value: string): string {
  return value === 'greedynms' || value === 'diounms' ? value : 'default';
}
