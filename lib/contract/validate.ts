import { TrtmapError } from '../errors.js';
import { gridLevels, strideOfCells } from '../detect/grid.js';
import { describeTensor, dimsOf, type ModelDescription } from './model.js';
import type { ModelContract, ModelTensor } from './types.js';

/**
 * How many classes the model's outputs score, where the shapes tell
 * (undefined for outputs that carry class ids, such as in-graph NMS).
 */
export function modelClassCount(
  contract: ModelContract,
  model: ModelDescription,
): { count: number; output: ModelTensor } | undefined {
  const { output } = contract;
  const tensor = (role: string) => {
    const name = [output.outputs[role] ?? []].flat()[0];
    return model.outputs.find((o) => o.name === name);
  };
  const lastOf = (t: ModelTensor) => dimsOf(t)[t.shape.length - 1];
  const of = (t: ModelTensor | undefined, count: (t: ModelTensor) => number) => {
    if (t === undefined) return undefined;
    const value = count(t);
    return value > 0 ? { count: value, output: t } : undefined;
  };
  switch (output.family) {
    case 'yolov5':
      return of(tensor('predictions'), (t) => lastOf(t) - 5);
    case 'yolox':
      return of(tensor('predictions'), (t) => lastOf(t) - 5);
    case 'yolov8':
      return of(tensor('predictions'), (t) => {
        const dims = dimsOf(t);
        return (output.channelsFirst ? dims[dims.length - 2] : dims[dims.length - 1]) - 4;
      });
    case 'fastestdet':
      return of(tensor('predictions'), (t) => dimsOf(t)[t.shape.length - 3] - 5);
    case 'gfl':
      return output.outputs.combined !== undefined ? undefined : of(tensor('scores'), lastOf);
    case 'ssd':
      return of(tensor('scores'), lastOf);
    case 'detr':
      return of(
        tensor('logits'),
        (t) => lastOf(t) - (output.scoreActivation === 'sigmoid' ? 0 : 1),
      );
    case 'darknet':
      return model.darknet
        ? { count: model.darknet.heads[0]?.classes ?? 0, output: model.outputs[0] }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Checks a contract against the model beyond the roles (bindOutputs checked
 * those): the class list fits the class scores, the strides fit the cells.
 * Errors name the output and the fix (ERR_SHAPE).
 */
export function checkOutputs(contract: ModelContract, model: ModelDescription): void {
  const classes = modelClassCount(contract, model);
  const listed = contract.classes.names.length;
  if (classes !== undefined && listed !== classes.count) {
    throw new TrtmapError(
      'ERR_SHAPE',
      `output ${describeTensor(classes.output)} scores ${classes.count} classes, but the class list (${contract.classes.source}) has ${listed}; pass the model's own list with --classes (coco80, coco91, voc, metadata or a names file)`,
    );
  }
  const { output, input } = contract;
  if (
    output.family === 'yolox' ||
    (output.family === 'gfl' && output.outputs.combined !== undefined)
  ) {
    const name = [output.outputs.predictions ?? output.outputs.combined].flat()[0];
    const tensor = model.outputs.find((o) => o.name === name);
    const cells = tensor ? dimsOf(tensor)[tensor.shape.length - 2] : -1;
    if (cells > 0)
      gridLevels(
        cells,
        input.width,
        input.height,
        output.family === 'yolox' ? 'floor' : 'ceil',
        output.strides,
        output.family === 'yolox' ? 'YOLOX' : 'GFL',
      );
  }
  if (output.family === 'gfl' && output.outputs.combined === undefined)
    checkGflLevels(contract, model);
  if (output.family === 'gfl' && output.strides !== undefined) {
    const levels = [output.outputs.scores ?? []].flat().length;
    if (levels > 0 && output.strides.length !== levels) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `output.strides lists ${output.strides.length} strides for ${levels} levels of scores (${[output.outputs.scores].flat().join(', ')}); give one stride per level`,
      );
    }
  }
}

/**
 * GFL levels as the decoder will read them: as many score outputs as box
 * outputs, each pair over the same cells, boxes of 4 x bins values, cells
 * that a stride explains.
 */
function checkGflLevels(contract: ModelContract, model: ModelDescription): void {
  const { output, input } = contract;
  const scores = [output.outputs.scores ?? []].flat();
  const boxes = [output.outputs.boxes ?? []].flat();
  const tensor = (name: string) => model.outputs.find((o) => o.name === name)!;
  if (scores.length === 0 || scores.length !== boxes.length) {
    throw new TrtmapError(
      'ERR_SHAPE',
      `the gfl family needs one box output per score output (one pair per level), got scores ${scores.join(', ') || '(none)'} and boxes ${boxes.join(', ') || '(none)'}; list both per level, finest stride first`,
    );
  }
  scores.forEach((scoreName, index) => {
    const score = tensor(scoreName);
    const box = tensor(boxes[index]);
    const cellsOf = (t: ModelTensor) => dimsOf(t)[t.shape.length - 2];
    const boxWidth = dimsOf(box)[box.shape.length - 1];
    const bins = output.bins ?? boxWidth / 4;
    if (cellsOf(score) !== cellsOf(box) || boxWidth !== 4 * bins || !Number.isInteger(bins)) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `the GFL decoder: level ${index} pairs ${describeTensor(score)} with ${describeTensor(box)}, which should be [cells, 4 x bins] with the same cells; check the order of the score and box outputs`,
      );
    }
    if (output.strides === undefined)
      strideOfCells(cellsOf(score), input.width, input.height, 'GFL');
  });
}
