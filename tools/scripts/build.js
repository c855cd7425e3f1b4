// `npm run build`: compiles every .ts under libs/, services/ and tools/ (not tests: *.spec.ts,
// test/ folders and .d.ts are skipped) to CommonJS in dist/<same path>.js with @swc/core, using
// the options @swc-node/register uses at run time (tsconfig.base.json: ES2022, legacy decorators
// with decorator metadata, define semantics for class fields). The @gv/* aliases of
// tsconfig.base.json are rewritten by SWC (jsc.paths) into relative requires, so dist/ runs with
// plain `node dist/services/<name>/src/main.js`: no transpiler and no resolver at run time.
// Non-TypeScript files the code loads at run time (.proto) are copied next to the output, so
// paths computed from __dirname (libs/contracts/proto) resolve the same from dist/.
// dist/.build-stamp records when the build started: libs/testing's ServiceProcess runs dist/ only
// while no source is newer than that (otherwise it falls back to the sources via register.js).
// Test-only code is not built: *.spec.ts, test/ folders, and testing/ folders inside a src/
// (fixtures kept next to the specs that use them; eslint.config.mjs forbids production code to
// import them).
//   node tools/scripts/build.js [--clean]            the whole workspace, then the stamp
//   node tools/scripts/build.js <project root>...    only those projects (`nx run <p>:build`); the
//                                                    stamp is left alone, as the rest is not rebuilt
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'dist');
const projectArgs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const DIRS = projectArgs.length > 0 ? projectArgs.map((p) => path.normalize(p).replace(/\/+$/, '')) : ['libs', 'services', 'tools'];
const SKIP_DIRS = new Set(['node_modules', 'test', 'dist']);
const ASSETS = new Set(['.proto']);
// The web console (services/console/src) is plain JavaScript modules, HTML and CSS served as they
// are by config-service (from dist/services/console/src when it runs from dist/): copied, not compiled.
const CONSOLE_SRC = path.join('services', 'console', 'src') + path.sep;
const CONSOLE_ASSETS = new Set(['.html', '.js', '.css', '.svg']);
const startedAt = Date.now();

const base = require(path.join(ROOT, 'tsconfig.base.json')).compilerOptions;
const paths = Object.fromEntries(Object.entries(base.paths).map(([alias, targets]) => [alias, targets.map((t) => path.join(ROOT, t))]));
const options = (filename) => ({
  filename,
  swcrc: false,
  configFile: false,
  sourceMaps: true,
  inlineSourcesContent: true,
  isModule: true,
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    keepClassNames: true,
    externalHelpers: false,
    baseUrl: ROOT,
    paths,
  },
  module: { type: 'commonjs', noInterop: false, ignoreDynamic: false },
});

function walk(dir, files) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const testOnly = entry.name === 'testing' && path.relative(ROOT, file).split(path.sep).includes('src');
      if (!SKIP_DIRS.has(entry.name) && !testOnly) walk(file, files);
    } else if (file.endsWith('.ts')) {
      if (!file.endsWith('.spec.ts') && !file.endsWith('.d.ts')) files.push(file);
    } else if (ASSETS.has(path.extname(file)) || (path.relative(ROOT, file).startsWith(CONSOLE_SRC) && CONSOLE_ASSETS.has(path.extname(file)))) {
      files.push(file);
    }
  }
  return files;
}

// Write-then-rename: a process starting while another build runs never reads half a file.
function write(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

async function main() {
  if (process.argv.includes('--clean')) fs.rmSync(OUT, { recursive: true, force: true });
  const sources = DIRS.flatMap((d) => walk(path.join(ROOT, d), []));
  const produced = new Set();
  await Promise.all(
    sources.map(async (src) => {
      const rel = path.relative(ROOT, src);
      if (!src.endsWith('.ts')) {
        const out = path.join(OUT, rel);
        write(out, fs.readFileSync(src));
        produced.add(out);
        return;
      }
      const out = path.join(OUT, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await swc.transformFile(src, options(src));
      write(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
      write(`${out}.map`, map);
      produced.add(out).add(`${out}.map`);
    }),
  );
  // Outputs of sources deleted since the previous build.
  const stale = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) stale(file);
      else if (!produced.has(file) && !file.endsWith('.tmp')) fs.rmSync(file, { force: true });
    }
  };
  DIRS.forEach((d) => stale(path.join(OUT, d)));
  if (projectArgs.length === 0) write(path.join(OUT, '.build-stamp'), JSON.stringify({ startedAt }) + '\n');
  const ts = sources.filter((s) => s.endsWith('.ts')).length;
  process.stdout.write(`build: ${ts} files compiled, ${sources.length - ts} assets copied into dist/ (${DIRS.join(', ')}) in ${Date.now() - startedAt} ms\n`);
}

main().catch((err) => {
  process.stderr.write(`build failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
