// Loading engines against the TensorRT test double (test/native/trt-double),
// which executes nothing: plugins, foreign plans, Ultralytics .engine files,
// version-compatible and DLA plans, and what needs a process of its own (a
// folder without builder resources, a plugin library without its entry
// point, errors an earlier operation left on a worker thread). Run by
// scripts/test-tensorrt-contract.sh; skipped elsewhere.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Engine, readEngineFile } from '../../lib/trt/index.js';
import { repositoryRoot } from '../helpers/native.js';
import {
  type DoubleBuild,
  doubleMissingReason,
  libraryFolder,
  planBytes,
  scratchFolder,
  useDouble,
  writeModel,
  writePlan,
  yoloPlugin,
} from '../helpers/trt-double.js';

const double = useDouble();
const build = double?.build;
const major = build?.major ?? 0;
const scratch = scratchFolder();
const simple = [
  'input x float32 1,16',
  'output y float32 1,16',
  'layer conv Convolution weights=64',
];

function child(
  build: DoubleBuild,
  folder: string,
  args: string[],
  env: Record<string, string> = {},
) {
  const result = spawnSync(
    process.execPath,
    [path.join(repositoryRoot, 'test/native/children/trt-double.mjs'), ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, TRTMAP_TENSORRT_LIB_DIR: folder, ...env },
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, Record<string, unknown>>;
}

/** An Ultralytics .engine: 4-byte little-endian length, the JSON metadata, the plan (exporter.py). */
function ultralyticsEngine(metadata: Record<string, unknown>, plan: Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(metadata));
  const length = Buffer.alloc(4);
  length.writeInt32LE(json.length);
  return Buffer.concat([length, json, plan]);
}

describe.skipIf(build === undefined)(
  `TensorRT ${build?.tensorrt ?? ''} test double (executes nothing): loading${build ? '' : ` (${doubleMissingReason})`}`,
  () => {
    it('plugins: an engine with a plugin layer names the plugin and the flag, and loads with the library', async () => {
      const plan = writePlan(
        path.join(scratch, 'yolo.plan'),
        planBytes(build!, [...simple, 'layer yolo PluginV2 plugin=YoloLayer_TRT:1']),
      );
      await expect(Engine.load(plan)).rejects.toThrow(
        expect.objectContaining({
          code: 'ERR_TRT_ENGINE',
          message: expect.stringMatching(/plugin YoloLayer_TRT \(version 1\).*--plugins <lib\.so>/),
        }),
      );
      const engine = await Engine.load(plan, { plugins: [yoloPlugin(build!)] });
      expect(engine.description.layers).toBe(2);
      await engine.dispose();
    });

    it('plugins: `trtmap inspect --plugins` loads them first', async () => {
      const { runCli } = await import('../../lib/cli/run.js');
      const plan = writePlan(
        path.join(scratch, 'yolo-cli.plan'),
        planBytes(build!, [...simple, 'layer yolo PluginV2 plugin=YoloLayer_TRT:1', 'detailed']),
      );
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        expect(await runCli(['inspect', plan, '--plugins', yoloPlugin(build!), '--json'])).toBe(0);
        const printed = JSON.parse(stdout.mock.calls.map((call) => String(call[0])).join('')) as {
          layerPrecisions: unknown;
        };
        expect(printed.layerPrecisions).toEqual({ fp32: 2, fp16: 0, int8: 0, other: 0, total: 2 });
      } finally {
        stdout.mockRestore();
      }
    });

    it('foreign engines: ERR_TRT_ENGINE says which TensorRT built the plan when its header says so', async () => {
      const foreign =
        major === 8
          ? { version: [8, 5, 3] as [number, number, number] }
          : { version: [8, 6, 1] as [number, number, number] };
      const plan = planBytes(build!, simple, foreign);
      const expected =
        major === 8
          ? /built by TensorRT 8\.5\.x \(serialization version 232\), and TensorRT 8\.2\.\d+ is loaded here: .*rebuild it/
          : /built by TensorRT 8\.6\.1, and TensorRT \d+\.\d+\.\d+ is loaded here: .*rebuild it/;
      if (major === 8 && build!.minor === 5) return; // the double is that release: nothing foreign to show
      await expect(Engine.load(plan)).rejects.toThrow(
        expect.objectContaining({
          code: 'ERR_TRT_ENGINE',
          message: expect.stringMatching(expected),
        }),
      );
    });

    it('Ultralytics .engine: the metadata header is read and stripped before deserializing', async () => {
      const metadata = {
        task: 'detect',
        stride: 32,
        imgsz: [640, 640],
        names: { 0: 'person', 1: 'bicycle' },
        args: { half: true, int8: false },
      };
      const file = path.join(scratch, 'yolov8n.engine');
      writeFileSync(file, ultralyticsEngine(metadata, planBytes(build!, simple)));
      expect((await readEngineFile(file)).metadata).toEqual(metadata);
      const engine = await Engine.load(file);
      expect(engine.metadata).toEqual(metadata);
      expect(engine.inputs.map((tensor) => tensor.name)).toEqual(['x']);
      await engine.dispose();
    });

    it.runIf(major >= 10)(
      'defect 12: a version-compatible plan loads only when its host code is allowed',
      async () => {
        const plan = planBytes(build!, [...simple, 'versioncompatible']);
        await expect(Engine.load(plan)).rejects.toThrow(
          expect.objectContaining({
            code: 'ERR_TRT_ENGINE',
            message: expect.stringMatching(/setEngineHostCodeAllowed/),
          }),
        );
        const engine = await Engine.load(plan, { versionCompatible: true });
        await engine.dispose();
      },
    );

    it('defect 9: a DLA engine is deserialized on its DLA core (IRuntime::setDLACore), also from Ultralytics metadata', async () => {
      process.env.TRTMAP_FAKE_GPU = 'xavier';
      try {
        const plan = planBytes(build!, [...simple, 'dla 1']);
        await expect(Engine.load(plan)).rejects.toThrow(
          expect.objectContaining({
            code: 'ERR_TRT_ENGINE',
            message: expect.stringMatching(/DLA core 1/),
          }),
        );
        await (await Engine.load(plan, { dlaCore: 1 })).dispose();
        const file = path.join(scratch, 'dla.engine');
        writeFileSync(file, ultralyticsEngine({ dla: 1, task: 'detect' }, plan));
        await (await Engine.load(file)).dispose();
      } finally {
        delete process.env.TRTMAP_FAKE_GPU;
      }
    });

    it.runIf(major >= 10)(
      'defect 7: without the builder resources in TRTMAP_TENSORRT_LIB_DIR the build says where to put them',
      () => {
        const model = writeModel(path.join(scratch, 'resource.onnx'), simple);
        const report = child(build!, libraryFolder(build!, { builderResource: false }), [
          'status-and-build',
          model,
        ]);
        expect(String(report.status!.builderResourceHint)).toMatch(
          /libnvinfer_builder_resource\.so\.[\d.]+ .*LD_LIBRARY_PATH/,
        );
        expect(report.build).toMatchObject({
          code: 'ERR_TRT_BUILD',
          message: expect.stringMatching(/could not create a builder.*TRTMAP_TENSORRT_LIB_DIR/),
        });
      },
    );

    it('defect 12: a plugin library without initLibNvInferPlugins is reported, TensorRT still loads and builds', () => {
      const model = writeModel(path.join(scratch, 'noinit.onnx'), simple);
      const report = child(build!, libraryFolder(build!, { pluginsWithoutInit: true }), [
        'status-and-build',
        model,
      ]);
      expect(report.status).toMatchObject({ loaded: true, error: null });
      expect((report.status!.libraries as string[]).join('\n')).toMatch(
        /libnvinfer_plugin\.so\.\d+ \(has no initLibNvInferPlugins/,
      );
      expect(report.build).toEqual({ ok: true });
    });

    it("defect 11: an error an earlier operation logged without failing is not reported as a later one's", () => {
      const stale = writePlan(
        path.join(scratch, 'stale.plan'),
        planBytes(build!, [...simple, 'error-on-load a stale error from another engine']),
      );
      const dynamic = writePlan(
        path.join(scratch, 'bounded.plan'),
        planBytes(build!, [
          'input x float32 -1,3,4,4',
          'output y float32 -1,10',
          'profile 0 x 1,3,4,4 2,3,4,4 4,3,4,4',
        ]),
      );
      const report = child(build!, double!.libraries, ['stale-errors', stale, dynamic], {
        UV_THREADPOOL_SIZE: '1',
      });
      expect(report.loadLog).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ message: 'a stale error from another engine' }),
        ]),
      );
      expect(report.run).toMatchObject({
        code: 'ERR_SHAPE',
        message: expect.stringMatching(/is outside profile 0/),
      });
      expect(String(report.run!.message)).not.toMatch(/stale error/);
    });
  },
);
