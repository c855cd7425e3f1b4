// Local Nx plugin (nx.json "plugins"): gives every project (a folder with a project.json) the same
// targets, so no project.json repeats them and no project lacks one:
//   build            its sources compiled into dist/<root> (tools/scripts/build.js <root>), cached;
//                    only projects under libs/, services/, tools/ (what dist/ holds: bench/, test/
//                    and deploy/ run from their sources)
//   lint             ESLint with @nx/enforce-module-boundaries (eslint.config.mjs), cached
//   typecheck        tsc on the project's own files (tools/scripts/typecheck.js <root>), cached
//   test-unit        its *.unit.spec.ts (jest project "unit"), cached
//   test-integration its *.integration.spec.ts against the live Kafka/PostgreSQL, never cached
//   test             both test targets
//   serve            only where src/main.ts exists: runs it from the sources
// A target a project.json declares itself overrides the inferred one of the same name.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// Jest matches path patterns against absolute paths; anchoring on the project's absolute root keeps
// the project at `test/` from also selecting every other project's test/ folder.
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function targetsFor(root, workspaceRoot) {
  const pattern = `'^${escape(path.join(workspaceRoot, root))}/'`;
  const jest = (project) => `npx jest --selectProjects ${project} --ci --passWithNoTests --testPathPatterns ${pattern}`;
  const targets = {};
  const built = /^(libs|services|tools)\//.test(root);
  Object.assign(targets, !built ? {} : {
    build: {
      executor: 'nx:run-commands',
      options: { command: `node tools/scripts/build.js ${root}` },
      cache: true,
      // No '^build': the graph has two test-only cycles (docs/architecture.md), which Nx refuses in
      // a task graph; `nx run-many -t build` or `npm run build` builds everything.
      inputs: ['production', '{workspaceRoot}/tools/scripts/build.js'],
      outputs: [`{workspaceRoot}/dist/${root}`],
    },
  });
  Object.assign(targets, {
    lint: {
      executor: 'nx:run-commands',
      options: { command: `npx eslint --max-warnings=0 ${root}` },
      cache: true,
      // The boundaries rule reads the tags and imports of the projects this one depends on.
      inputs: ['default', '^default', '{workspaceRoot}/eslint.config.mjs', '{workspaceRoot}/nx.json'],
      outputs: [],
    },
    typecheck: {
      executor: 'nx:run-commands',
      options: { command: `node tools/scripts/typecheck.js ${root}` },
      cache: true,
      inputs: ['default', '^default', '{workspaceRoot}/tsconfig.json', '{workspaceRoot}/tools/scripts/typecheck.js'],
      outputs: [],
    },
    'test-unit': {
      executor: 'nx:run-commands',
      options: { command: jest('unit') },
      cache: true,
      inputs: ['default', '^default', '{workspaceRoot}/jest.config.js'],
      outputs: [],
    },
    'test-integration': {
      executor: 'nx:run-commands',
      options: { command: `${jest('integration')} --runInBand --forceExit` },
      // Its result depends on live Kafka, PostgreSQL and the services' dist/, not only on files.
      cache: false,
    },
    test: { executor: 'nx:noop', dependsOn: ['test-unit', 'test-integration'], cache: false },
  });
  if (fs.existsSync(path.join(workspaceRoot, root, 'src/main.ts'))) {
    targets.serve = {
      executor: 'nx:run-commands',
      options: { command: `node -r ./tools/scripts/register.js ${root}/src/main.ts` },
      cache: false,
    };
  }
  return targets;
}

const createNodes = [
  '**/project.json',
  (files, _options, context) =>
    files.map((file) => {
      const root = path.dirname(file);
      return [file, { projects: { [root]: { targets: targetsFor(root, context.workspaceRoot) } } }];
    }),
];

module.exports = { name: 'guru-vhsys-targets', createNodes, createNodesV2: createNodes };
