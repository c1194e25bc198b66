import { invalidArgument } from '../../errors.js';
import type {
  VocInterpolation,
  VocIouComparison,
  VocOptions,
  VocPixelConvention,
} from './types.js';

export interface ResolvedVocOptions {
  iouThreshold: number;
  mode: VocInterpolation;
  iouComparison: VocIouComparison;
  pixelConvention: VocPixelConvention;
}

/** Fills the defaults (the MATLAB devkit's) and rejects values it cannot mean. */
export function resolveVocOptions(options: VocOptions): ResolvedVocOptions {
  const {
    iouThreshold = 0.5,
    mode = 'all-point',
    iouComparison = '>=',
    pixelConvention = '+1',
  } = options;
  if (typeof iouThreshold !== 'number' || !(iouThreshold >= 0 && iouThreshold <= 1)) {
    throw invalidArgument('a number from 0 to 1', 'iouThreshold', iouThreshold);
  }
  if (mode !== 'all-point' && mode !== '11-point') {
    throw invalidArgument("'all-point' or '11-point'", 'mode', mode);
  }
  if (iouComparison !== '>=' && iouComparison !== '>') {
    throw invalidArgument("'>=' or '>'", 'iouComparison', iouComparison);
  }
  if (pixelConvention !== '+1' && pixelConvention !== 'continuous') {
    throw invalidArgument("'+1' or 'continuous'", 'pixelConvention', pixelConvention);
  }
  return { iouThreshold, mode, iouComparison, pixelConvention };
}
