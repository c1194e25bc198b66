/**
 * The one short line every command prints when this machine cannot run
 * TensorRT (no addon, built without TensorRT headers, no library, no GPU):
 * the details and the fix are `trtmap doctor`'s, not repeated per command or
 * per precision.
 */
export function tensorRtAbsent(code: string): string {
  return `TensorRT is not available here (${code}; \`trtmap doctor\` says why and what to install)`;
}
