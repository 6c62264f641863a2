// ONNX Runtime's CPU provider (npm onnxruntime-node) on one model with
// profiling on, for scripts/models_table.sh and `hetsim import onnxruntime`
// (docs/traces.md). Runs WARMUP + FRAMES frames of a fixed input, prints one
// line: the wall time of each measured frame in microseconds (process.hrtime
// around session.run), and leaves ONNX Runtime's profile (Chrome trace JSON,
// every frame including the warm-up ones) at PREFIX_<date>.json; the file
// name is printed on a second line.
// usage: node ort_profile.js MODEL.onnx disabled|basic|all THREADS FRAMES WARMUP PREFIX
// (NODE_PATH must reach onnxruntime-node, e.g. ORT_DIR/node_modules)
const ort = require('onnxruntime-node');

(async () => {
  const [file, opt, threads, frames, warmup, prefix] = process.argv.slice(2);
  const s = await ort.InferenceSession.create(file, {
    graphOptimizationLevel: opt, intraOpNumThreads: +threads, interOpNumThreads: 1,
    executionMode: 'sequential', executionProviders: ['cpu'], enableProfiling: true,
    profileFilePrefix: prefix,
  });
  const meta = s.inputNames[0];
  // the input's shape: NCHW 1x3xSxS with S from the model file is not exposed by
  // onnxruntime-node; INPUT_SIZE (default 224) gives S
  const S = +(process.env.INPUT_SIZE || 224);
  const x = new ort.Tensor('float32', Float32Array.from({length: 3 * S * S}, (_, i) => Math.sin(i)),
                           [1, 3, S, S]);
  const us = [];
  for (let i = 0; i < +warmup + +frames; i++) {
    const t0 = process.hrtime.bigint();
    await s.run({[meta]: x});
    if (i >= +warmup) us.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  console.log(us.map((v) => v.toFixed(0)).join(' '));
  const out = s.endProfiling ? s.endProfiling() : '';
  console.log(out || '');
})().catch((e) => { console.error(`ort_profile.js: ${e.message}`); process.exit(1); });
