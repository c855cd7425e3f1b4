// Reproduces the memory figure of docs/performance.md (Memory): compiles libs/, services/ and
// tools/ to CommonJS with @swc/core (the jest options) into $OUT (default /tmp/gv-precompiled),
// so a service can run without @swc-node/register:
//   node bench/proposals/precompiled-js/build.js
//   OUT=/tmp/gv-precompiled node -r ./bench/proposals/precompiled-js/alias.js /tmp/gv-precompiled/services/invoice-dispatcher/src/main.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ROOT = path.resolve(__dirname, '../../..');
const swc = require(path.join(ROOT, 'node_modules/@swc/core'));
const OUT = process.env.OUT ?? '/tmp/gv-precompiled';
const options = {
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
  module: { type: 'commonjs' },
};
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'test', 'dist'].includes(entry.name)) walk(file);
    } else if (file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts')) {
      const out = path.join(OUT, path.relative(ROOT, file).replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, swc.transformFileSync(file, options).code);
    } else if (!file.endsWith('.ts')) {
      // Non-code assets next to the sources (e.g. .proto files).
      const out = path.join(OUT, path.relative(ROOT, file));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(file, out);
    }
  }
}
for (const dir of ['libs', 'services', 'tools']) walk(path.join(ROOT, dir));
fs.rmSync(path.join(OUT, 'node_modules'), { force: true });
fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(OUT, 'node_modules'));
process.stdout.write(`compiled into ${OUT}\n`);
