import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertDarknetFiles, type DarknetNetwork } from '../../lib/darknet/index.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { referenceForward } from './darknet/reference-forward.js';

/**
 * The MobileNetV2 darknet fixtures (YOLO-Fastest VOC v1 and v2, whose v2 adds
 * squeeze-excitation, and YOLOv3-Nano VOC and COCO), converted by trtmap:
 * every float of the weights read, every layer shaped as darknet itself
 * printed it in the authors' mAP logs, onnx.checker's full check passed, and
 * ONNX Runtime equal to the plain-loop reference forward pass to 1e-4 on dog.jpg.
 */
const modules = ['onnx', 'numpy', 'PIL'];
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : !pythonHas(...modules)
    ? pythonMissingReason(...modules)
    : undefined;
const here = path.dirname(fileURLToPath(import.meta.url));

const fastest = 'models/darknet-mobilenetv2-yolo-fastest-voc';
const nano = 'models/darknet-mobilenetv2-yolov3-nano';
const models = [
  { base: `${fastest}/MobileNetV2-YOLO-Fastest-voc`, log: `${fastest}/VOCmAP-v1.txt` },
  { base: `${fastest}/MobileNetV2-YOLO-Fastest-voc-v2`, log: `${fastest}/VOCmAP-v2.txt` },
  { base: `${nano}/MobileNetV2-YOLOv3-Nano-voc`, log: `${nano}/VOCmAP.txt` },
  { base: `${nano}/MobileNetV2-YOLOv3-Nano-coco`, log: `${nano}/COCOmAP.txt` },
];

/** darknet's layer table (parse_network_cfg's prints): index, kind and output shape. */
function darknetLayerTable(log: string): Map<number, { kind: string; shape?: number[] }> {
  const kinds: Record<string, string> = {
    conv: 'convolutional',
    max: 'maxpool',
    avg: 'avgpool',
    route: 'route',
    upsample: 'upsample',
    Shortcut: 'shortcut',
    scale: 'scale_channels',
    yolo: 'yolo',
  };
  const table = new Map<number, { kind: string; shape?: number[] }>();
  // Older darknet prints a shortcut as "9 activation: Using default 'linear'" then
  // "Shortcut Layer: 5, ..." on the next line.
  const text = log.replace(/^(\s*\d+) activation: .*\n(Shortcut)/gm, '$1 $2');
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+) (conv|max|avg|route|upsample|Shortcut|scale|yolo)\b(.*)$/.exec(line);
    if (!match) continue;
    const rest = match[3];
    // "-> W x H x C" (conv, max, route, upsample), "outputs: W x H x C" (shortcut), "-> C" (avg).
    const whc = /(?:->|outputs:)\s*(\d+) x\s*(\d+) x\s*(\d+)/.exec(rest);
    const channels = /->\s*(\d+)\s*$/.exec(rest);
    const shape = whc
      ? [Number(whc[3]), Number(whc[2]), Number(whc[1])]
      : channels
        ? [Number(channels[1]), 1, 1]
        : undefined;
    table.set(Number(match[1]), { kind: kinds[match[2]], shape });
  }
  return table;
}

function worstDifference(
  network: DarknetNetwork,
  expected: ReturnType<typeof referenceForward>,
  outputs: Record<string, Float32Array>,
  heads: { layer: number; output: string }[],
): number {
  let worst = 0;
  for (const head of heads) {
    const reference = expected.get(head.layer)!.data;
    const actual = outputs[head.output];
    expect(actual.length, `${network.file} ${head.output}`).toBe(reference.length);
    for (let i = 0; i < reference.length; i++)
      worst = Math.max(worst, Math.abs(actual[i] - reference[i]));
  }
  return worst;
}

describe.skipIf(skipReason !== undefined)(
  `MobileNetV2 darknet fixtures converted to ONNX${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let folder: string;
    let image: Float32Array;

    beforeAll(() => {
      folder = mkdtempSync(path.join(tmpdir(), 'trtmap-darknet-mnv2-'));
      const rawPath = path.join(folder, 'dog.raw');
      const resize = readFileSync(path.join(here, 'darknet', 'darknet_resize.py'), 'utf8');
      runPython(resize, [fixture('images/dog.jpg'), '320', '320', rawPath]);
      image = new Float32Array(readFileSync(rawPath).buffer.slice(0));
    });

    afterAll(() => {
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    for (const { base, log } of models) {
      it(`${path.basename(base)}: darknet's shapes, onnx.checker, reference forward to 1e-4`, async () => {
        const conversion = convertDarknetFiles(fixture(`${base}.cfg`), fixture(`${base}.weights`));
        const { network } = conversion;
        expect(conversion.warnings).toEqual([]);
        // readWeights refuses a file with floats missing or left over, so this is every float.
        expect(conversion.weights.parameterCount).toBeGreaterThan(0);

        const table = darknetLayerTable(readFileSync(fixture(log), 'utf8'));
        expect(table.size).toBeGreaterThan(0);
        for (const layer of network.layers) {
          const printed = table.get(layer.index);
          if (printed === undefined) {
            expect(layer.kind, `layer ${layer.index} is missing from ${log}`).toBe('dropout');
            continue;
          }
          expect(layer.kind, `layer ${layer.index}`).toBe(printed.kind);
          if (printed.shape === undefined) continue;
          const { channels, height, width } = layer.output;
          expect([channels, height, width], `layer ${layer.index} ${layer.kind}`).toEqual(
            printed.shape,
          );
        }
        expect(Math.max(...table.keys())).toBe(network.layers.length - 1);

        const onnxPath = path.join(folder, `${path.basename(base)}.onnx`);
        writeFileSync(onnxPath, conversion.onnx);
        const checked = runPython(
          'import sys, onnx\n' +
            'm = onnx.load(sys.argv[1])\n' +
            'onnx.checker.check_model(m, full_check=True)\n' +
            'print(sorted({n.op_type for n in m.graph.node}))',
          [onnxPath],
        );
        if (network.layers.some((layer) => layer.kind === 'scale_channels'))
          expect(checked).toMatch(/GlobalAveragePool/);

        const session = await InferenceSession.create(onnxPath);
        const results = await session.run({
          input: new Tensor('float32', image, [1, 3, 320, 320]),
        });
        await session.release();
        const outputs = Object.fromEntries(
          Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array]),
        );
        const expected = referenceForward(network, conversion.weights, image);
        const worst = worstDifference(network, expected, outputs, conversion.decoder.heads);
        expect(worst).toBeLessThan(1e-4);
      });
    }
  },
);
