// Preloaded into a service by the benchmark (NODE_OPTIONS=--require …, since --cpu-prof is not
// allowed in NODE_OPTIONS): SIGWINCH starts a V8 CPU profile, the next SIGWINCH writes it to
// $BENCH_CPU_PROF_DIR/<pid>-<n>.cpuprofile. So only the measured window is profiled.
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let profiling = false;
  let count = 0;
  process.on('SIGWINCH', () => {
    if (!profiling) {
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start', () => {
          profiling = true;
        })));
      return;
    }
    session.post('Profiler.stop', (error, result) => {
      profiling = false;
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      count += 1;
      fs.writeFileSync(path.join(dir, `${process.pid}-${count}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
