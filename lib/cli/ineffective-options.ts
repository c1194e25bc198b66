import type { ParsedArgs } from './args.js';

/** An option that does nothing in this run, and why: `trtmap: warning: ...` before the run. */
export interface IneffectiveRule {
  /** The option name without dashes. */
  option: string;
  /** True when, with the rest of the command line, the option changes nothing. */
  when: boolean;
  /** Why, and what would make it count. */
  why: string;
}

/**
 * Warnings for options given that have no effect with the chosen metric or
 * command (issue 12: a user who passes `--iou 0.75` with the COCO metric must
 * learn that the number printed is not at 0.75).
 */
export function ineffectiveOptionWarnings(parsed: ParsedArgs, rules: IneffectiveRule[]): string[] {
  return rules
    .filter(({ option, when }) => when && (parsed.values.has(option) || parsed.flags.has(option)))
    .map(({ option, why }) => `--${option} has no effect here: ${why}`);
}

/**
 * The VOC rules that differ from the devkit's defaults, named in the result
 * line so that a number is never read as the standard one: "" when standard.
 */
export function vocRulesNote(rules: {
  iouComparison: '>=' | '>';
  pixelConvention: '+1' | 'continuous';
}): string {
  const notes = [
    ...(rules.iouComparison === '>' ? ["IoU > threshold (voc_eval.py's rule)"] : []),
    ...(rules.pixelConvention === 'continuous' ? ['continuous boxes (no +1 pixel)'] : []),
  ];
  return notes.length === 0 ? '' : ` [${notes.join(', ')}]`;
}
