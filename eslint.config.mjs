// ESLint (flat config). Its purpose here is the architecture: @nx/enforce-module-boundaries checks
// every import against the project graph and the tags in each project.json (docs/architecture.md,
// "Project graph and boundaries"). Run it with `npx nx run-many -t lint` (cached per project).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Production code: what ends up in dist/ and runs.
const productionConstraints = [
  // Services use libs only: never another service, a tool or the test helpers.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util', 'type:data-access'] },
  // Libs never import services or tools; shared utilities stay free of the Vhsys client.
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:util', 'type:data-access'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:data-access'] },
  // Tools, the benchmark and the system tests build on libs, test helpers and other tools. They
  // reach a service only through its public entry (`@gv/<service>`, see `servicePublicEntries`).
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:testing', 'type:tool'] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:testing', 'type:tool'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:testing', 'type:tool'] },
  // A service's scope: its own code, shared libs and (for those that call Vhsys) the Vhsys client.
  { sourceTag: 'scope:config', onlyDependOnLibsWithTags: ['scope:config', 'scope:shared', 'scope:vhsys'] },
  { sourceTag: 'scope:mapping', onlyDependOnLibsWithTags: ['scope:mapping', 'scope:shared'] },
  { sourceTag: 'scope:dispatch', onlyDependOnLibsWithTags: ['scope:dispatch', 'scope:shared', 'scope:vhsys'] },
  { sourceTag: 'scope:vhsys', onlyDependOnLibsWithTags: ['scope:vhsys', 'scope:shared'] },
  // The Guru API simulator plays Guru: shared libs and tools (the sale generator), never Vhsys code.
  { sourceTag: 'scope:guru', onlyDependOnLibsWithTags: ['scope:guru', 'scope:shared'] },
  { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:ops', 'scope:shared'] },
];

// Tests of libs and services may also use the test helpers (libs/testing) and the tools that play
// the outside world (the Vhsys simulator, the Guru sale generator). Scopes stay as above, except
// that config-service's tests may start the Guru API simulator (config-service calls Guru's API).
const testConstraints = productionConstraints.map((c) =>
  ['type:app', 'type:util', 'type:data-access', 'type:testing'].includes(c.sourceTag)
    ? { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:util', 'type:data-access', 'type:testing', 'type:tool'])] }
    : c.sourceTag === 'scope:config'
      ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'scope:guru'] }
      : c,
);

// Services are applications: importing one is an error ("Imports of apps are forbidden"), relative
// paths into one too. Tools, bench and system tests may import exactly these entries, nothing deeper.
// The rule reads an `allow` entry without wildcards as an unanchored regular expression, so each is
// anchored: '@gv/mapping-service' alone would also let '@gv/mapping-service/testing' through.
const servicePublicEntries = ['^@gv/config-service$', '^@gv/mapping-service$', '^@gv/invoice-dispatcher$'];
// Test entries of services: fixtures (under src/**/testing/, not built) that the tests of tools,
// bench and system tests may use; their production code may not.
const serviceTestEntries = ['^@gv/mapping-service/testing$'];

// The graph has two cycles, each closed only by test files: libs/testing uses @gv/kafka while the
// kafka tests use libs/testing; the Vhsys simulator uses @gv/vhsys-client while the client's
// integration test runs against the simulator. The production constraints above forbid the
// production half of the reverse edges, so no production cycle can hide behind this list.
const ignoredCircularDependencies = [
  ['kafka', 'testing'],
  ['vhsys-client', 'vhsys-simulator'],
];

// Tests may import their own project's public entry (`@gv/vhsys-simulator` in the simulator's
// tests): they exercise the API consumers see. Production code imports its own files relatively.
const boundaries = (depConstraints, allow = [], allowCircularSelfDependency = false) => [
  'error',
  { enforceBuildableLibDependency: false, allow, ignoredCircularDependencies, depConstraints, allowCircularSelfDependency },
];

const TEST_FILES = ['**/*.spec.ts', '**/test/**/*.ts', '**/src/**/testing/**/*.ts'];
const CONSUMERS_OF_SERVICES = ['tools/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'];

export default [
  // typescript-eslint's recommended rules, minus two the code uses on purpose: `any` for JSON read
  // off the wire in tests, and `Function` where TypeORM's own API types entities and migrations so.
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // A leading underscore marks a parameter or destructured field that is deliberately unused.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  { ignores: ['**/node_modules/**', 'dist/**', '.nx/**', '.kafka/**', '.pgdata/**', '.demo/**', '.bench/**', '.chaos/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    // Some files carry directives for rules this config does not enable (no-console); not an error.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(productionConstraints),
      // Fixtures under a src/**/testing/ folder are not built into dist/ (tools/scripts/build.js),
      // so production code must not import them.
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/testing/*', './testing', '../testing'], message: 'testing/ folders hold test fixtures, which are not built into dist/; production code must not import them.' }] }],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': boundaries(testConstraints, [], true),
      'no-restricted-imports': 'off',
    },
  },
  { files: CONSUMERS_OF_SERVICES, rules: { '@nx/enforce-module-boundaries': boundaries(productionConstraints, servicePublicEntries) } },
  {
    // Test files of tools and bench; everything under test/ (the system tests and their support).
    files: ['tools/**/*.spec.ts', 'tools/**/test/**/*.ts', 'tools/**/src/**/testing/**/*.ts', 'bench/**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(testConstraints, [...servicePublicEntries, ...serviceTestEntries], true) },
  },
];
