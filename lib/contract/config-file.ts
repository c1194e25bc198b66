import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readTextFileSync } from '../data/text.js';
import { TrtmapError } from '../errors.js';
import { builtInClassListNames } from './class-lists.js';
import type { PartialContract } from './types.js';
import { checkPartialContract } from './values.js';

/**
 * A model config file (`--model-config model.yaml`, or .json: JSON is YAML):
 * the contract's own keys, any subset of them, e.g.
 *
 *     preset: nanodet
 *     input: { size: 320x320 }
 *     output:
 *       outputs: { scores: [cls_score0, bbox_pred0, cls_score1], boxes: [bbox_pred1, cls_score2, bbox_pred2] }
 *     classes: coco80
 *
 * Unknown keys are errors. A names file or decoder module is found relative
 * to the config file.
 */
export function readModelConfig(file: string): PartialContract {
  let text: string;
  try {
    text = readTextFileSync(file); // any encoding lib/data/text.ts reads
  } catch (error) {
    if (!(error instanceof TrtmapError) || error.code !== 'ERR_FILE_NOT_FOUND') throw error;
    throw new TrtmapError('ERR_FILE_NOT_FOUND', `--model-config ${file}: no such file`, {
      file,
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = parseYaml(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new TrtmapError(
      'ERR_PARSE',
      `--model-config ${file}: not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
      { file, cause: error },
    );
  }
  let values: PartialContract;
  try {
    values = checkPartialContract(value ?? {}, '');
  } catch (error) {
    if (!(error instanceof TrtmapError)) throw error;
    throw new TrtmapError(error.code, `${error.message} (in --model-config ${file})`, {
      file,
      cause: error,
    });
  }
  return resolvePaths(values, path.dirname(file));
}

/** Names files and decoder modules relative to `folder`. */
export function resolvePaths(values: PartialContract, folder: string): PartialContract {
  const source = values.classes?.source;
  if (source !== undefined && isFileSource(source))
    values.classes = { ...values.classes, source: path.resolve(folder, source) };
  if (values.output?.decoder !== undefined)
    values.output = { ...values.output, decoder: path.resolve(folder, values.output.decoder) };
  return values;
}

/** Whether a classes source names a file (not a built-in list, the metadata or an inline list). */
export function isFileSource(source: string): boolean {
  return ![...builtInClassListNames, 'metadata', 'inline', 'indices'].includes(source);
}
