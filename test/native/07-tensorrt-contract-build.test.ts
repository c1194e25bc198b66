// buildEngine() against the TensorRT test double (test/native/trt-double),
// which executes nothing: it checks each TensorRT call against the rule the
// headers document and fails the build as TensorRT would. Run by
// scripts/test-tensorrt-contract.sh (with AddressSanitizer) for each
// TensorRT header set; skipped elsewhere.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEngine, tensorrtStatus } from '../../lib/trt/index.js';
import {
  doubleMissingReason,
  planText,
  scratchFolder,
  useDouble,
  writeModel,
  yoloPlugin,
} from '../helpers/trt-double.js';

const double = useDouble();
const build = double?.build;
const major = build?.major ?? 0;
const trt8 = major === 8;
const trt11 = major >= 11;
const scratch = scratchFolder();
const model = (name: string, lines: string[], kind: 'onnx' | 'uff' = 'onnx') =>
  writeModel(path.join(scratch, `${name}.${kind}`), lines, kind);
const conv = [
  'input x float32 1,3,8,8',
  'output y float32 1,10',
  'layer conv Convolution weights=4096',
];
const output = (name: string) => path.join(scratch, `${name}.plan`);

describe.skipIf(build === undefined)(
  `TensorRT ${build?.tensorrt ?? ''} test double (executes nothing): building${build ? '' : ` (${doubleMissingReason})`}`,
  () => {
    it('defect 1: the parser, which owns the weights, lives until the engine is built', async () => {
      const result = await buildEngine({
        model: model('weights', conv),
        output: output('weights'),
      });
      expect(result.engineBytes).toBeGreaterThan(32);
      expect(planText(output('weights'))).toContain('layer conv Convolution weights=4096');
    });

    it('defect 2: a workspace on TensorRT 8.0-8.3, whose default is none (256 MiB, reported)', async () => {
      const result = await buildEngine({
        model: model('workspace', conv),
        output: output('workspace'),
      });
      if (trt8 && build!.minor < 4) {
        expect(result.workspaceBytes).toBe(256 * 2 ** 20);
        expect(planText(output('workspace'))).toContain(`workspace ${256 * 2 ** 20}`);
      } else {
        expect(result.workspaceBytes).toBe(0);
      }
      const given = await buildEngine({
        model: model('workspace', conv),
        output: output('workspace64'),
        workspace: 64 * 2 ** 20,
      });
      expect(given.workspaceBytes).toBe(64 * 2 ** 20);
    });

    it('defect 3: a timing cache from another GPU is dropped with a warning, and a new one written', async () => {
      const cache = path.join(scratch, 'other-gpu.cache');
      writeFileSync(cache, 'TRTMAP-FAKE-TIMING-CACHE\ngpu=some other GPU\nentries=7\n');
      const logs: string[] = [];
      const result = await buildEngine({
        model: model('cache', conv),
        output: output('cache'),
        timingCache: cache,
        onLog: ({ message }) => logs.push(message),
      });
      expect(result.warnings.join('\n')).toMatch(
        /timing cache .*other-gpu\.cache was made on another GPU/,
      );
      expect(logs.join('\n')).toMatch(/timing cache/);
      expect(readFileSync(cache, 'utf8')).toMatch(/gpu=fake .*\nentries=1\n/);
    });

    it('defect 4: one optimization profile per concurrent context (TensorRT 8), contexts share one on 10+', async () => {
      const result = await buildEngine({
        model: model('dynamic', [
          'input x float32 -1,3,8,8',
          'output y float32 -1,10',
          'layer conv Convolution weights=64',
        ]),
        output: output('dynamic'),
        batch: { min: 1, opt: 2, max: 4 },
        contexts: 3,
      });
      expect(result.optimizationProfiles).toBe(trt8 ? 3 : 1);
      expect(
        planText(output('dynamic')).match(/^profile \d x 1,3,8,8 2,3,8,8 4,3,8,8$/gm),
      ).toHaveLength(trt8 ? 3 : 1);
    });

    it('defect 7: with TRTMAP_TENSORRT_LIB_DIR alone, the builder resources are preloaded from that folder', async () => {
      const status = await tensorrtStatus();
      if (major >= 10 || build!.minor >= 6) {
        expect(status.libraries.join('\n')).toMatch(
          /libnvinfer_builder_resource\.so\.[\d.]+ \(builder resources, preloaded\)/,
        );
      }
      expect(status.builderResourceHint).toBe('');
    });

    it('defect 9: a DLA build is FP16 (or INT8) with precision constraints, as trtexec builds it', async () => {
      process.env.TRTMAP_FAKE_GPU = 'xavier';
      try {
        const result = await buildEngine({
          model: model('dla', conv),
          output: output('dla'),
          dlaCore: 1,
        });
        const text = planText(output('dla'));
        expect(text).toContain('dla 1');
        expect(text).toContain('flag GPU_FALLBACK');
        if (!trt11) {
          expect(text).toContain('flag FP16');
          expect(text).toContain('flag PREFER_PRECISION_CONSTRAINTS');
          expect(result.warnings.join('\n')).toMatch(/DLA runs FP16 or INT8 only/);
        }
        await buildEngine({
          model: model('dla', conv),
          output: output('dla-direct'),
          dlaCore: 0,
          gpuFallback: false,
        });
        expect(planText(output('dla-direct'))).toContain('flag DIRECT_IO');
      } finally {
        delete process.env.TRTMAP_FAKE_GPU;
      }
    });

    it('defect 12: FP32 means FP32 (kTF32 cleared) unless TF32 is allowed', async () => {
      const plain = await buildEngine({ model: model('tf32', conv), output: output('fp32') });
      expect(plain.tf32).toBe(false);
      expect(planText(output('fp32'))).not.toContain('flag TF32');
      const allowed = await buildEngine({
        model: model('tf32', conv),
        output: output('tf32'),
        allowTf32: true,
      });
      expect(allowed.tf32).toBe(true);
      expect(planText(output('tf32'))).toContain('flag TF32');
    });

    it('defect 12: the timing cache is saved after a failed build too', async () => {
      const cache = path.join(scratch, 'failed.cache');
      await expect(
        buildEngine({
          model: model('fails', [...conv, 'fail-build the double fails this build after timing']),
          output: output('fails'),
          timingCache: cache,
        }),
      ).rejects.toThrow(
        expect.objectContaining({
          code: 'ERR_TRT_BUILD',
          message: expect.stringMatching(/fails this build/),
        }),
      );
      expect(readFileSync(cache, 'utf8')).toMatch(/entries=1/);
      expect(existsSync(output('fails'))).toBe(false);
    });

    it('defect 12: a plugin library without initLibNvInferPlugins does not disable TensorRT', async () => {
      // Checked in a child with such a library (07-tensorrt-contract-load); here the standard one registers.
      const status = await tensorrtStatus();
      expect(status.libraries.some((library) => /libnvinfer_plugin\.so\.\d+$/.test(library))).toBe(
        true,
      );
    });

    it.skipIf(trt11)(
      'defect 12: hardware without fast INT8 is a warning, and the layer precisions show it',
      async () => {
        process.env.TRTMAP_FAKE_GPU = 'nano';
        try {
          const result = await buildEngine({
            model: model('nano', conv),
            output: output('nano'),
            precision: 'int8',
            calibration: { data: [new Float32Array(3 * 8 * 8)] },
          });
          expect(result.fastInt8).toBe(false);
          expect(result.warnings.join('\n')).toMatch(/no fast INT8/);
          expect(result.layerPrecisions).toEqual({ fp32: 1, fp16: 0, int8: 0, other: 0, total: 1 });
          expect(result.warnings.join('\n')).toMatch(
            /asked for INT8 but no layer of the engine runs in INT8/,
          );
        } finally {
          delete process.env.TRTMAP_FAKE_GPU;
        }
      },
    );

    it.skipIf(trt11)(
      "defect 12: calibration buffers are sized from each input's type (int64, float16)",
      async () => {
        const result = await buildEngine({
          model: model('typed', [
            'input ids int64 1,4',
            'input image float16 1,3,8,8',
            'output y float32 1,10',
            'layer conv Convolution weights=64',
          ]),
          output: output('typed'),
          precision: 'int8',
          calibration: {
            data: [
              {
                ids: Float32Array.from([1, 2, 3, 4]),
                image: new Float32Array(3 * 8 * 8).fill(0.5),
              },
            ],
          },
        });
        expect(result.calibrationBatches).toBe(1);
      },
    );

    it.runIf(trt8 && build?.minor !== undefined)(
      'defect 12: the UFF input order is selectable (TensorRT 8)',
      async () => {
        const uff = model(
          'ssd',
          [
            'input Input float32 3,300,300',
            'output NMS float32 1,100,7',
            'layer conv Convolution weights=64',
          ],
          'uff',
        );
        await buildEngine({
          model: uff,
          output: output('uff'),
          uff: { input: 'Input', inputDims: [300, 300, 3], inputOrder: 'nhwc', outputs: ['NMS'] },
        });
        expect(planText(output('uff'))).toContain('uffinputorder nhwc');
      },
    );

    it('plugins: a custom layer needs its library, named in the error, loaded with plugins', async () => {
      const yolo = model('yolo', [...conv, 'layer yolo PluginV2 plugin=YoloLayer_TRT:1']);
      await expect(buildEngine({ model: yolo, output: output('yolo') })).rejects.toThrow(
        expect.objectContaining({
          code: 'ERR_TRT_BUILD',
          message: expect.stringMatching(/YoloLayer_TRT \(version 1\).*--plugins/),
        }),
      );
      await expect(
        buildEngine({
          model: yolo,
          output: output('yolo'),
          plugins: [path.join(scratch, 'missing.so')],
        }),
      ).rejects.toThrow(
        expect.objectContaining({
          code: 'ERR_FILE_NOT_FOUND',
          message: expect.stringMatching(/missing\.so.*--plugins/),
        }),
      );
      await buildEngine({ model: yolo, output: output('yolo'), plugins: [yoloPlugin(build!)] });
      expect(planText(output('yolo'))).toContain('plugin=YoloLayer_TRT:1');
    });

    it('precision: the layer precisions come from the engine inspector', async () => {
      const fp16 = await buildEngine({
        model: model('fp16', conv),
        output: output('fp16'),
        precision: trt11 ? 'fp32' : 'fp16',
      });
      expect(fp16.layerPrecisions).toEqual(
        trt11
          ? { fp32: 1, fp16: 0, int8: 0, other: 0, total: 1 }
          : { fp32: 0, fp16: 1, int8: 0, other: 0, total: 1 },
      );
    });

    it.runIf(trt11)(
      'TensorRT 11: strongly typed only; FP16 and INT8 flags are refused, the model carries the precision',
      async () => {
        await expect(
          buildEngine({ model: model('t11', conv), output: output('t11'), precision: 'fp16' }),
        ).rejects.toThrow(
          expect.objectContaining({
            code: 'ERR_UNSUPPORTED',
            message: expect.stringMatching(/TensorRT 11 builds strongly typed networks only/),
          }),
        );
        const typed = await buildEngine({
          model: model('t11-fp16', [
            'input x float16 1,3,8,8',
            'output y float16 1,10',
            'layer conv Convolution weights=64 precision=fp16',
          ]),
          output: output('t11-fp16'),
        });
        expect(typed.stronglyTyped).toBe(true);
        expect(typed.layerPrecisions?.fp16).toBe(1);
      },
    );

    it.runIf(major === 10)('TensorRT 10: a strongly typed build on request', async () => {
      const typed = await buildEngine({
        model: model('t10', [
          'input x float16 1,3,8,8',
          'output y float16 1,10',
          'layer conv Convolution weights=64 precision=fp16',
        ]),
        output: output('t10'),
        stronglyTyped: true,
      });
      expect(typed.stronglyTyped).toBe(true);
      expect(typed.layerPrecisions?.fp16).toBe(1);
    });

    it.runIf(trt8)(
      'TensorRT 8: strongly typed networks are refused, saying what to do',
      async () => {
        await expect(
          buildEngine({ model: model('t8', conv), output: output('t8'), stronglyTyped: true }),
        ).rejects.toThrow(
          expect.objectContaining({
            code: 'ERR_UNSUPPORTED',
            message: expect.stringMatching(/need TensorRT 10/),
          }),
        );
      },
    );

    it.skipIf(trt11)(
      'INT8 from Q/DQ nodes needs no calibration; without them or calibration it is refused',
      async () => {
        const qdq = await buildEngine({
          model: model('qdq', [...conv, 'layer q Quantize', 'layer dq Dequantize']),
          output: output('qdq'),
          precision: 'int8',
        });
        expect(qdq.layerPrecisions?.int8).toBe(3);
        await expect(
          buildEngine({ model: model('plain', conv), output: output('plain'), precision: 'int8' }),
        ).rejects.toThrow(
          expect.objectContaining({
            code: 'ERR_INVALID_ARGUMENT',
            message: expect.stringMatching(/Q\/DQ/),
          }),
        );
      },
    );

    it.runIf(major >= 10)(
      'version-compatible plans are built with kVERSION_COMPATIBLE',
      async () => {
        await buildEngine({
          model: model('vc', conv),
          output: output('vc'),
          versionCompatible: true,
        });
        expect(planText(output('vc'))).toContain('versioncompatible');
      },
    );
  },
);
