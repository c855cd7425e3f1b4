// The tsconfig paths (@gv/*) resolved to the precompiled files in $OUT, with no transpiler loaded.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const ROOT = path.resolve(__dirname, '../../..');
const OUT = process.env.OUT ?? '/tmp/gv-precompiled';
const paths = require(path.join(ROOT, 'tsconfig.base.json')).compilerOptions.paths;
const map = Object.fromEntries(Object.entries(paths).map(([alias, [target]]) => [alias, path.join(OUT, target.replace(/\.ts$/, '.js'))]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, map[request] ?? request, ...rest);
};
