import type { ModelDescription } from '../../../lib/contract/index.js';

/** Model descriptions shaped as the fixture models (test/unit needs no model files). */
const cocoNames = `{0: 'person', 1: 'bicycle', 2: 'car', ${Array.from({ length: 77 }, (_, k) => `${k + 3}: 'class${k + 3}'`).join(', ')}}`;

export const yolov8: ModelDescription = {
  path: 'yolov8n.onnx',
  inputs: [{ name: 'images', shape: [1, 3, 640, 640], type: 'float32' }],
  outputs: [{ name: 'output0', shape: [1, 84, 8400], type: 'float32' }],
  metadata: {
    author: 'Ultralytics',
    task: 'detect',
    stride: '32',
    imgsz: '[640, 640]',
    names: cocoNames,
    end2end: 'False',
  },
};

export const yolov5: ModelDescription = {
  path: 'yolov5n.onnx',
  inputs: [{ name: 'images', shape: [1, 3, 640, 640], type: 'float32' }],
  outputs: [{ name: 'output', shape: [1, 25200, 85], type: 'float32' }],
  metadata: {
    stride: '32',
    names: `['person', 'bicycle', ${Array.from({ length: 78 }, (_, k) => `'c${k}'`).join(', ')}]`,
  },
};

export const yolox: ModelDescription = {
  path: 'yolox_nano_416.onnx',
  inputs: [{ name: 'images', shape: [1, 3, 416, 416], type: 'float32' }],
  outputs: [{ name: 'output', shape: [1, 3549, 85], type: 'float32' }],
};

export const nanodet416: ModelDescription = {
  path: 'nanodet_m_416.onnx',
  inputs: [{ name: 'input.1', shape: [1, 3, 416, 416], type: 'float32' }],
  outputs: [
    { name: '792', shape: [1, 2704, 80], type: 'float32' },
    { name: '814', shape: [1, 676, 80], type: 'float32' },
    { name: '836', shape: [1, 169, 80], type: 'float32' },
    { name: '795', shape: [1, 2704, 32], type: 'float32' },
    { name: '817', shape: [1, 676, 32], type: 'float32' },
    { name: '839', shape: [1, 169, 32], type: 'float32' },
  ],
};

/** No batch dimension, names that do not match the contents. */
export const nanodet320: ModelDescription = {
  path: 'nanodet_m_320.onnx',
  inputs: [{ name: 'image', shape: [1, 3, 320, 320], type: 'float32' }],
  outputs: [
    { name: 'cls_score0', shape: [1600, 80], type: 'float32' },
    { name: 'bbox_pred0', shape: [400, 80], type: 'float32' },
    { name: 'cls_score1', shape: [100, 80], type: 'float32' },
    { name: 'bbox_pred1', shape: [1600, 32], type: 'float32' },
    { name: 'cls_score2', shape: [400, 32], type: 'float32' },
    { name: 'bbox_pred2', shape: [100, 32], type: 'float32' },
  ],
};

export const efficientNms: ModelDescription = {
  path: 'yolov5n_640_efficientnms.onnx',
  inputs: [{ name: 'images', shape: [1, 3, 640, 640], type: 'float32' }],
  outputs: [
    { name: 'num_dets', shape: [1, 1], type: 'int32' },
    { name: 'det_boxes', shape: [1, 100, 4], type: 'float32' },
    { name: 'det_scores', shape: [1, 100], type: 'float32' },
    { name: 'det_classes', shape: [1, 100], type: 'int32' },
  ],
  metadata: { stride: '32', names: yolov5.metadata!.names },
  nmsPlugins: [
    {
      opType: 'EfficientNMS_TRT',
      name: 'EfficientNMS_TRT_0',
      attributes: { score_threshold: 0.001, iou_threshold: 0.65, max_output_boxes: 100 },
    },
  ],
};

export const ssd: ModelDescription = {
  path: 'ssd_mobilenet_v1_dequant.onnx',
  inputs: [{ name: 'input', shape: [1, 3, 300, 300], type: 'float32' }],
  outputs: [
    { name: 'boxes', shape: [1, 1917, 4], type: 'float32' },
    { name: 'scores', shape: [1, 1917, 91], type: 'float32' },
  ],
};

export const fastestdet: ModelDescription = {
  path: 'FastestDet.onnx',
  inputs: [{ name: 'input.1', shape: [1, 3, 352, 352], type: 'float32' }],
  outputs: [{ name: '758', shape: [1, 85, 22, 22], type: 'float32' }],
};
