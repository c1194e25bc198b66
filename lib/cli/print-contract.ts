import { formatContract } from '../contract/print.js';
import type { ContractRequest } from '../contract/resolve.js';
import type { BackendChoice } from '../backends/backend.js';
import type { ModelFiles } from '../pipeline/model.js';
import { openModel } from '../pipeline/open.js';
import { ExitCode } from './command.js';

/**
 * `--print-config`: resolves the model's contract exactly as the command
 * would (same backend choice, so the same tensor view), prints it as YAML with
 * where each value came from, and stops.
 */
export async function printContract(
  model: ModelFiles,
  request: ContractRequest,
  options: { backend?: BackendChoice; threads?: number } = {},
): Promise<number> {
  const opened = await openModel(model, { contract: request, ...options });
  try {
    for (const note of [...opened.notes, ...opened.resolved.notes])
      process.stderr.write(`trtmap: ${note}\n`);
    process.stdout.write(formatContract(opened.resolved, opened.model.source.path));
  } finally {
    await opened.backend.dispose();
  }
  return ExitCode.Ok;
}
