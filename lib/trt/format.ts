/** `trtmap inspect`'s text report of an engine. Pure. */
import type { EngineDescription } from './engine.js';
import { formatShape } from './tensors.js';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function formatEngineDescription(file: string, description: EngineDescription): string {
  const lines = [
    `Engine        ${file}`,
    `TensorRT      ${description.tensorrtVersion}`,
    `Layers        ${description.layers}`,
    `Device memory ${mib(description.deviceMemorySize)} per execution context`,
    description.implicitBatch
      ? `Batch         implicit, up to ${description.maxBatchSize} (UFF)`
      : `Profiles      ${description.optimizationProfiles}`,
  ];
  const width = Math.max(4, ...description.tensors.map((tensor) => tensor.name.length));
  for (const mode of ['input', 'output'] as const) {
    lines.push('', mode === 'input' ? 'Inputs' : 'Outputs');
    for (const tensor of description.tensors.filter((t) => t.mode === mode)) {
      let line = `  ${tensor.name.padEnd(width)}  ${tensor.dtype.padEnd(8)} ${formatShape(tensor.shape).padEnd(20)} ${tensor.format}`;
      if (tensor.location === 'host') line += ' (on the host: shape values)';
      if (tensor.vectorized) {
        line += ` (vectorized: ${tensor.vectorized.components} components along dimension ${tensor.vectorized.dimension}; trtmap binds linear tensors only)`;
      }
      if (tensor.profile !== null) {
        line += `\n  ${''.padEnd(width)}  profile min ${formatShape(tensor.profile.min)} opt ${formatShape(tensor.profile.opt)} max ${formatShape(tensor.profile.max)}`;
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}
