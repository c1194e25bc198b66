import { TrtmapError } from '../errors.js';
import {
  describeOutputs,
  describeTensor,
  dimsOf,
  isIntegerType,
  type ModelDescription,
} from './model.js';
import {
  familyRoles,
  gflPairs,
  isYoloLayerOutput,
  last,
  perImageElements,
  rankOf,
} from './signature.js';
import type { Family, ModelTensor, OutputContract, OutputRoles } from './types.js';

export interface Binding {
  roles: OutputRoles;
  params: Partial<OutputContract>;
  /** How the roles were found, for --print-config. */
  reason: string;
}

/**
 * The roles of the model's outputs for `family`: those given (--outputs, the
 * config file) checked against the model, the others found by shape. A
 * model whose outputs do not fit is ERR_SHAPE naming what is missing and how
 * to name the outputs.
 */
export function bindOutputs(
  family: Family,
  model: ModelDescription,
  given: OutputRoles,
  params: Partial<OutputContract>,
  input?: { width?: number; height?: number },
): Binding {
  if (family === 'darknet' && model.darknet === undefined) {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      "the darknet family ('yolo' preset) needs a darknet model converted by trtmap (its ONNX metadata says how to decode it); pass --darknet <cfg> <weights> or an ONNX file written by `trtmap convert`",
    );
  }
  for (const [role, names] of Object.entries(given)) {
    for (const name of [names].flat()) {
      if (!model.outputs.some((o) => o.name === name)) {
        throw new TrtmapError(
          'ERR_SHAPE',
          `output ${JSON.stringify(name)} (role ${role}) is not an output of ${model.path ?? 'the model'}; its outputs: ${describeOutputs(model)}`,
        );
      }
    }
  }
  const found = bindByShape(family, model, given, params, input);
  if (found === undefined) {
    throw new TrtmapError(
      'ERR_SHAPE',
      `the ${family} family needs outputs for ${familyRoles[family]}, and ${model.path ?? 'the model'} has ${describeOutputs(model)}; name them with --outputs role=name,... (or output.outputs in --model-config), or pick another --preset / --family`,
    );
  }
  return found;
}

function bindByShape(
  family: Family,
  model: ModelDescription,
  given: OutputRoles,
  params: Partial<OutputContract>,
  input?: { width?: number; height?: number },
): Binding | undefined {
  const outputs = model.outputs;
  const byName = (name: string | string[] | undefined) =>
    typeof name === 'string' ? outputs.find((o) => o.name === name) : undefined;
  const explicit = (reason: string, roles: OutputRoles, extra: Partial<OutputContract> = {}) => ({
    roles,
    params: extra,
    reason,
  });
  switch (family) {
    case 'yolov5':
    case 'yolov8':
    case 'yolox':
    case 'fastestdet': {
      const rank = family === 'fastestdet' ? 4 : 3;
      const output =
        byName(given.predictions) ??
        (outputs.filter((o) => rankOf(o) === rank).length === 1
          ? outputs.find((o) => rankOf(o) === rank)
          : outputs.find((o) => rankOf(o) === rank && /^output0?$/.test(o.name)));
      if (output === undefined || (rankOf(output) !== rank && rankOf(output) !== rank - 1))
        return undefined;
      const extra: Partial<OutputContract> = {};
      if (family === 'yolov8' && params.channelsFirst === undefined) {
        const dims = dimsOf(output);
        extra.channelsFirst = dims[dims.length - 2] < dims[dims.length - 1];
      }
      return explicit(
        `predictions: ${describeTensor(output)}`,
        { predictions: output.name },
        extra,
      );
    }
    case 'gfl': {
      if (given.combined !== undefined)
        return explicit('combined output', { combined: given.combined });
      if (given.scores !== undefined && given.boxes !== undefined)
        return explicit('scores and boxes as given', {
          scores: [given.scores].flat(),
          boxes: [given.boxes].flat(),
        });
      const pairs = gflPairs(outputs, params.bins);
      if (pairs !== undefined) {
        return explicit(
          `levels by cell count: ${pairs.scores.map((s, i) => `${s.name} + ${pairs.boxes[i].name}`).join(', ')}`,
          { scores: pairs.scores.map((o) => o.name), boxes: pairs.boxes.map((o) => o.name) },
        );
      }
      // One output over all levels (NanoDet-Plus): only when its cells fit the strides.
      const single = outputs.length === 1 && rankOf(outputs[0]) === 3 ? outputs[0] : undefined;
      const cells = single ? dimsOf(single)[1] : -1;
      const fits =
        input?.width !== undefined &&
        input.height !== undefined &&
        [params.strides ?? [8, 16, 32], [8, 16, 32, 64]].some(
          (strides) =>
            cells ===
            strides.reduce(
              (sum, s) => sum + Math.ceil(input.width! / s) * Math.ceil(input.height! / s),
              0,
            ),
        );
      return single && fits
        ? explicit(`combined: ${describeTensor(single)}`, { combined: single.name })
        : undefined;
    }
    case 'efficientnms':
      return bindPluginNms(outputs, given);
    case 'nms-trt': {
      const detections =
        byName(given.detections) ?? outputs.find((o) => last(o) === 7 && rankOf(o) >= 3);
      if (detections === undefined) return undefined;
      const keepCount =
        byName(given.keepCount) ??
        outputs.find((o) => o !== detections && perImageElements(o) === 1);
      const roles: OutputRoles = { detections: detections.name };
      if (keepCount) roles.keepCount = keepCount.name;
      return explicit(
        `detections: ${describeTensor(detections)}${keepCount ? `, keep count: ${describeTensor(keepCount)}` : ''}`,
        roles,
      );
    }
    case 'deepstream-yolo': {
      const detections =
        byName(given.detections) ??
        (outputs.length === 1 && last(outputs[0]) >= 6 ? outputs[0] : undefined);
      if (detections !== undefined)
        return explicit(`detections: ${describeTensor(detections)}`, {
          detections: detections.name,
        });
      const boxes = byName(given.boxes) ?? outputs.find((o) => rankOf(o) === 3 && last(o) === 4);
      const rest = outputs.filter((o) => o !== boxes);
      const classes = byName(given.classes) ?? rest.find((o) => /class|label/i.test(o.name));
      const scores =
        byName(given.scores) ?? rest.find((o) => o !== classes && /score|conf/i.test(o.name));
      if (!boxes || !classes || !scores) return undefined;
      return explicit('boxes, scores, classes by name', {
        boxes: boxes.name,
        scores: scores.name,
        classes: classes.name,
      });
    }
    case 'yolo-layer': {
      const names =
        given.detections !== undefined
          ? [given.detections].flat()
          : outputs.filter(isYoloLayerOutput).map((o) => o.name);
      return names.length > 0
        ? explicit(`detections: ${names.join(', ')}`, { detections: names })
        : undefined;
    }
    case 'detr':
    case 'ssd': {
      const boxes =
        byName(given.boxes) ??
        outputs.find(
          (o) => rankOf(o) === 3 && last(o) === 4 && (outputs.length === 2 || /box/i.test(o.name)),
        );
      const otherRole = family === 'detr' ? 'logits' : 'scores';
      const other =
        byName(given[otherRole]) ??
        outputs.find(
          (o) =>
            o !== boxes &&
            rankOf(o) === 3 &&
            (outputs.length === 2 ||
              new RegExp(family === 'detr' ? 'logit' : 'score', 'i').test(o.name)),
        );
      if (!boxes || !other) return undefined;
      return explicit(`boxes: ${describeTensor(boxes)}, ${otherRole}: ${describeTensor(other)}`, {
        boxes: boxes.name,
        [otherRole]: other.name,
      });
    }
    case 'darknet':
    case 'custom':
      return explicit(
        family === 'darknet'
          ? 'heads from the darknet metadata'
          : 'every output goes to the decoder',
        {},
      );
  }
}

function bindPluginNms(outputs: readonly ModelTensor[], given: OutputRoles): Binding | undefined {
  const byName = (name: string | string[] | undefined) =>
    typeof name === 'string' ? outputs.find((o) => o.name === name) : undefined;
  const count = byName(given.count) ?? outputs.find((o) => perImageElements(o) === 1);
  const boxes = byName(given.boxes) ?? outputs.find((o) => rankOf(o) === 3 && last(o) === 4);
  const rows = outputs.filter((o) => o !== count && o !== boxes);
  let classes = byName(given.classes);
  let scores = byName(given.scores);
  if (classes === undefined)
    classes =
      rows.find((o) => o !== scores && /class|label/i.test(o.name)) ??
      (rows.filter((o) => o !== scores && isIntegerType(o)).length === 1
        ? rows.find((o) => o !== scores && isIntegerType(o))
        : undefined);
  if (scores === undefined)
    scores =
      rows.find((o) => o !== classes && /score|conf/i.test(o.name)) ??
      (rows.length === 2 ? rows.find((o) => o !== classes) : undefined);
  if (!count || !boxes || !classes || !scores || classes === scores) return undefined;
  return {
    roles: { count: count.name, boxes: boxes.name, scores: scores.name, classes: classes.name },
    params: {},
    reason: `count ${count.name}, boxes ${boxes.name}, scores ${scores.name}, classes ${classes.name}`,
  };
}
