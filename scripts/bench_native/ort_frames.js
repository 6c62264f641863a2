// Per-frame latency of ONNX Runtime's CPU provider (npm onnxruntime-node),
// for scripts/bench_native/run.sh. Prints one line: the measured frames' times
// in microseconds. The intra-op pool has THREADS threads: the calling thread
// and THREADS-1 workers; AFFINITY (ORT's "session.intra_op_thread_affinities":
// 1-based logical processors, ';' between workers) pins the workers, the
// caller is pinned by the taskset the script runs node under.
// usage: node ort_frames.js MODEL.onnx disabled|all THREADS FRAMES WARMUP [AFFINITY]
const ort = require('onnxruntime-node');

(async () => {
  const [file, opt, threads, frames, warmup, affinity] = process.argv.slice(2);
  const options = {
    graphOptimizationLevel: opt, intraOpNumThreads: +threads, interOpNumThreads: 1,
    executionMode: 'sequential', executionProviders: ['cpu'],
  };
  if (affinity) options.extra = {session: {intra_op_thread_affinities: affinity}};
  const s = await ort.InferenceSession.create(file, options);
  const x = new ort.Tensor('float32', Float32Array.from({length: 3 * 224 * 224}, (_, i) => Math.sin(i)),
                           [1, 3, 224, 224]);
  const feeds = {[s.inputNames[0]]: x};
  const us = [];
  for (let i = 0; i < +warmup + +frames; i++) {
    const t0 = process.hrtime.bigint();
    await s.run(feeds);
    if (i >= +warmup) us.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  console.log(us.map((v) => v.toFixed(0)).join(' '));
})().catch((e) => { console.error(`ort_frames.js: ${e.message}`); process.exit(1); });
