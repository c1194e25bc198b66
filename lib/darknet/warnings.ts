import type { DarknetNetwork, YoloLayer } from './layers.js';

// The anchors of darknet's yolov3-tiny.cfg.
const TINY_ANCHORS = [10, 14, 23, 27, 37, 58, 81, 82, 135, 169, 344, 319];

/**
 * Known cfg/weights traps that convert cleanly but detect badly. The
 * published yolov3-tiny.weights were trained with mask 1,2,3 on the second
 * head, while darknet's yolov3-tiny.cfg says 0,1,2: small objects then get
 * the wrong anchor sizes.
 */
export function mismatchWarnings(network: DarknetNetwork): string[] {
  const heads = network.layers.filter((layer): layer is YoloLayer => layer.kind === 'yolo');
  if (heads.length !== 2) return [];
  const second = heads[1];
  const sameAnchors =
    second.anchors.length === TINY_ANCHORS.length &&
    second.anchors.every((value, index) => value === TINY_ANCHORS[index]);
  if (!sameAnchors || second.mask.join(',') !== '0,1,2') return [];
  return [
    `${network.file}:${second.line}: the second [yolo] head uses mask=0,1,2 with the standard yolov3-tiny anchors; ` +
      'the published yolov3-tiny.weights were trained with mask=1,2,3 there. If these are those weights, set mask=1,2,3 and convert again.',
  ];
}
