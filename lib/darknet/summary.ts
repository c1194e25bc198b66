import type { DarknetFilesConversion } from './files.js';

/** The summary `trtmap convert darknet` prints: layers, parameters, input and outputs. */
export function formatSummary(result: DarknetFilesConversion, outputPath: string): string {
  const { network, weights, model } = result;
  const counts = new Map<string, number>();
  for (const layer of network.layers) counts.set(layer.kind, (counts.get(layer.kind) ?? 0) + 1);
  const kinds = [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ');
  const { major, minor, revision, seen } = weights.header;
  const shape = (dims: readonly (number | string)[]) => `[${dims.join(', ')}]`;
  const input = model.graph.inputs[0];
  const lines = [
    `Converted ${network.file} + weights v${major}.${minor}.${revision} (seen ${seen} images) -> ${outputPath}`,
    `  layers      ${network.layers.length} (${kinds})`,
    `  parameters  ${group(weights.parameterCount)} in the weights, ${group(result.onnxParameters)} in the ONNX model after folding batch norm`,
    `  opset       ${model.opsetVersion} (IR version ${model.irVersion}), ${group(result.onnx.length)} bytes`,
    `  input       ${input.name} ${shape(input.shape)} ${colour(network.net.channels)}, x/255${network.net.letterBox ? ', letterbox' : ''}`,
    '  outputs',
  ];
  model.graph.outputs.forEach((output, index) => {
    const head = result.decoder.heads[index];
    const stride = network.net.width / Number(output.shape[3]);
    lines.push(
      `    ${output.name.padEnd(10)} ${shape(output.shape).padEnd(20)} mask ${head.mask.join(',')}, stride ${stride}, ${head.classes} classes, nms ${head.nmsKind}`,
    );
  });
  return lines.join('\n');
}

function colour(channels: number): string {
  return channels === 1 ? "one gray channel (darknet's luma, (77 R + 150 G + 29 B) >> 8)" : 'RGB';
}

/** 346062 -> "346,062" without depending on the locale. */
function group(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
