import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  convertDarknetFiles,
  readDecoderMetadata,
  type DarknetFilesConversion,
} from '../../lib/darknet/index.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { darknetNms, decodeHeads, printable } from './darknet/decode.js';
import { referenceForward } from './darknet/reference-forward.js';
import { darknetDogDetections } from '../helpers/darknet-reference.js';

/**
 * The fixture Yolo-Fastest-1.1 converted by trtmap: valid for onnx's checker,
 * numerically equal to a plain-loop darknet forward pass, and detecting the
 * dog, bicycle and car of dog.jpg where darknet does.
 */
const modules = ['onnx', 'numpy', 'PIL'];
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : !pythonHas(...modules)
    ? pythonMissingReason(...modules)
    : undefined;
const model = 'models/yolo-fastest-1.1/yolo-fastest-1.1';
const here = path.dirname(fileURLToPath(import.meta.url));

describe.skipIf(skipReason !== undefined)(
  `yolo-fastest-1.1 converted to ONNX${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let folder: string;
    let onnxPath: string;
    let conversion: DarknetFilesConversion;
    let image: Float32Array;
    let outputs: Record<string, { data: Float32Array; dims: readonly number[] }>;

    beforeAll(async () => {
      folder = mkdtempSync(path.join(tmpdir(), 'trtmap-darknet-'));
      conversion = convertDarknetFiles(fixture(`${model}.cfg`), fixture(`${model}.weights`));
      onnxPath = path.join(folder, 'yolo-fastest-1.1.onnx');
      writeFileSync(onnxPath, conversion.onnx);
      const rawPath = path.join(folder, 'dog.raw');
      const resize = readFileSync(path.join(here, 'darknet', 'darknet_resize.py'), 'utf8');
      runPython(resize, [fixture('images/dog.jpg'), '320', '320', rawPath]);
      image = new Float32Array(readFileSync(rawPath).buffer.slice(0));
      const session = await InferenceSession.create(onnxPath);
      const results = await session.run({ input: new Tensor('float32', image, [1, 3, 320, 320]) });
      outputs = Object.fromEntries(
        Object.entries(results).map(([name, tensor]) => [
          name,
          { data: tensor.data as Float32Array, dims: tensor.dims },
        ]),
      );
      await session.release();
    });

    afterAll(() => {
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('reads every float of the weights file and passes onnx.checker', () => {
      expect(conversion.weights.parameterCount).toBe(346_062);
      expect(conversion.warnings).toEqual([]);
      const checked = runPython(
        'import json, sys, onnx\n' +
          'm = onnx.load(sys.argv[1])\n' +
          'onnx.checker.check_model(m, full_check=True)\n' +
          'print(json.dumps({"opset": m.opset_import[0].version, "props": {p.key: p.value for p in m.metadata_props},' +
          ' "outputs": [[o.name, [d.dim_value for d in o.type.tensor_type.shape.dim]] for o in m.graph.output]}))',
        [onnxPath],
      );
      const parsed = JSON.parse(checked) as {
        opset: number;
        props: Record<string, string>;
        outputs: [string, number[]][];
      };
      expect(parsed.opset).toBe(11);
      expect(parsed.outputs).toEqual([
        ['yolo_121', [1, 255, 10, 10]],
        ['yolo_130', [1, 255, 20, 20]],
      ]);
      const metadata = readDecoderMetadata(parsed.props)!;
      expect(metadata).toMatchObject({
        inputWidth: 320,
        inputHeight: 320,
        channelOrder: 'RGB',
        letterBox: false,
      });
      expect(
        metadata.heads.map((head) => [
          head.output,
          head.mask.join(','),
          head.nmsKind,
          head.betaNms,
        ]),
      ).toEqual([
        ['yolo_121', '3,4,5', 'greedynms', 0.6],
        ['yolo_130', '0,1,2', 'greedynms', 0.6],
      ]);
      expect(metadata.heads[0].anchors).toEqual([
        12, 18, 37, 49, 52, 132, 115, 73, 119, 199, 242, 238,
      ]);
    });

    it('agrees with the reference forward pass to 1e-4 on dog.jpg', () => {
      const expected = referenceForward(conversion.network, conversion.weights, image);
      for (const head of conversion.decoder.heads) {
        const reference = expected.get(head.layer)!.data;
        const actual = outputs[head.output].data;
        let worst = 0;
        for (let i = 0; i < reference.length; i++)
          worst = Math.max(worst, Math.abs(actual[i] - reference[i]));
        expect(worst, head.output).toBeLessThan(1e-4);
      }
    });

    it('detects what darknet detects on dog.jpg, including the dog, the bicycle and the car', () => {
      const names = readFileSync(fixture('models/coco.names'), 'utf8').trim().split('\n');
      const detections = decodeHeads(conversion.decoder, outputs, 0.1);
      darknetNms(detections, 80, conversion.decoder.nmsThreshold, conversion.decoder.nmsKind);
      const printed = printable(detections, names, 0.1, 768, 576);
      // JPEG decoders differ by a grey level here and there (PIL here, OpenCV or
      // stb in darknet), hence 0.01 on probabilities and 2 px on boxes.
      expect(printed.map((d) => d.label)).toEqual(darknetDogDetections.map(([label]) => label));
      printed.forEach((detection, index) => {
        const [label, probability, box] = darknetDogDetections[index];
        expect(Math.abs(detection.probability - probability), label).toBeLessThan(0.01);
        detection.box.forEach((value, k) =>
          expect(Math.abs(value - box[k]), label).toBeLessThanOrEqual(2),
        );
      });
    });
  },
);
