/**
 * The module boundaries of eslint.config.mjs (docs/architecture.md, "Project graph and
 * boundaries"): each case lints a one-line file placed in a real project and checks the exact
 * rule that fires, and that the allowed imports stay clean. ESLint runs in a child process (its
 * config is an ES module) on the project graph Nx caches in .nx/workspace-data.
 */
import { execFileSync } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

interface Case { file: string; code: string }
interface Finding { ruleId: string | null; message: string }

const LINT_SCRIPT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.file });
  // First line only: a cycle's message goes on with the chain of files, which changes as code moves.
  out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message.split('\\n')[0] })));
}
process.stdout.write(JSON.stringify(out));
`;

function lint(cases: Case[]): Finding[][] {
  // The boundaries rule reads the cached project graph; computing it first makes it current.
  execFileSync(process.execPath, [require.resolve('nx/bin/nx', { paths: [ROOT] }), 'show', 'projects'], { cwd: ROOT, encoding: 'utf8' });
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(stdout) as Finding[][];
}

const NO_APPS = 'Imports of apps are forbidden';
const RELATIVE = 'Projects cannot be imported by a relative or absolute path, and must begin with a npm scope';
const tagsMessage = (source: string, allowed: string[]) =>
  `A project tagged with "${source}" can only depend on libs tagged with ${allowed.map((t) => `"${t}"`).join(', ')}`;

const CASES: { name: string; file: string; code: string; expected: Finding[] }[] = [
  {
    name: 'a service importing another service by its alias',
    file: 'services/mapping-service/src/boundary-probe.ts',
    code: "import { ConfigService } from '@gv/config-service';\nexport const x = ConfigService;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: NO_APPS }],
  },
  {
    name: 'a service importing another service by a relative path',
    file: 'services/mapping-service/src/boundary-probe.ts',
    code: "import { ConfigService } from '../../config-service/src/config-service';\nexport const x = ConfigService;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: RELATIVE }],
  },
  {
    name: 'production code of a service importing the Vhsys simulator (a tool)',
    file: 'services/invoice-dispatcher/src/boundary-probe.ts',
    code: "import { SimulatorAdmin } from '@gv/vhsys-simulator';\nexport const x = SimulatorAdmin;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: tagsMessage('type:app', ['type:util', 'type:data-access']) }],
  },
  {
    name: 'a lib importing a service',
    file: 'libs/vhsys-client/src/boundary-probe.ts',
    code: "import { mapSale } from '@gv/mapping-service';\nexport const x = mapSale;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: NO_APPS }],
  },
  {
    name: 'a shared lib importing the Vhsys client (data-access)',
    file: 'libs/service-config/src/boundary-probe.ts',
    code: "import { VhsysClient } from '@gv/vhsys-client';\nexport const x = VhsysClient;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: tagsMessage('type:util', ['type:util']) }],
  },
  {
    name: 'production code of a lib importing the test helpers',
    file: 'libs/kafka/src/boundary-probe.ts',
    code: "import { uniqueId } from '@gv/testing';\nexport const x = uniqueId;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: tagsMessage('type:util', ['type:util']) }],
  },
  {
    name: 'a lib importing a lib that depends on it (a cycle)',
    file: 'libs/contracts/src/boundary-probe.ts',
    code: "import { KafkaPublisher } from '@gv/kafka';\nexport const x = KafkaPublisher;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: 'Circular dependency between "contracts" and "kafka" detected: contracts -> kafka -> contracts' }],
  },
  {
    name: "the bench reaching into a service's internals",
    file: 'bench/e2e/boundary-probe.ts',
    code: "import { Reconciler } from '../../services/invoice-dispatcher/src/reconcile/reconciler';\nexport const x = Reconciler;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: RELATIVE }],
  },
  {
    name: 'production code importing a test fixture folder',
    file: 'services/mapping-service/src/mapping/boundary-probe.ts',
    code: "import { NFE_SETTINGS } from './testing/golden-fixtures';\nexport const x = NFE_SETTINGS;\n",
    expected: [{
      ruleId: 'no-restricted-imports',
      message: "'./testing/golden-fixtures' import is restricted from being used by a pattern. testing/ folders hold test fixtures, which are not built into dist/; production code must not import them.",
    }],
  },
  {
    name: "production code of the bench importing a service's test entry",
    file: 'bench/e2e/boundary-probe.ts',
    code: "import { hostileMessages } from '@gv/mapping-service/testing';\nexport const x = hostileMessages;\n",
    expected: [{ ruleId: '@nx/enforce-module-boundaries', message: NO_APPS }],
  },
  // Allowed: the same kinds of import through the sanctioned paths.
  { name: "a system test's support file using a service's test entry", file: 'test/e2e/boundary-probe.ts', code: "import { hostileMessages } from '@gv/mapping-service/testing';\nexport const x = hostileMessages;\n", expected: [] },
  { name: "the bench using a service's public entry", file: 'bench/e2e/boundary-probe.ts', code: "import { Reconciler } from '@gv/invoice-dispatcher';\nexport const x = Reconciler;\n", expected: [] },
  { name: 'a tool test using a public service entry', file: 'tools/ops/test/boundary-probe.ts', code: "import { ConfigService } from '@gv/config-service';\nexport const x = ConfigService;\n", expected: [] },
  { name: 'a service test using the Vhsys simulator', file: 'services/invoice-dispatcher/test/boundary-probe.ts', code: "import { SimulatorAdmin } from '@gv/vhsys-simulator';\nexport const x = SimulatorAdmin;\n", expected: [] },
  { name: 'a lib test using the test helpers', file: 'libs/kafka/test/boundary-probe.ts', code: "import { uniqueId } from '@gv/testing';\nexport const x = uniqueId;\n", expected: [] },
  { name: 'a service using a shared lib and the Vhsys client', file: 'services/invoice-dispatcher/src/boundary-probe.ts', code: "import { VhsysClient } from '@gv/vhsys-client';\nimport { TOPICS } from '@gv/contracts';\nexport const x = [VhsysClient, TOPICS];\n", expected: [] },
];

describe('module boundaries (eslint.config.mjs)', () => {
  let results: Finding[][];
  beforeAll(() => {
    results = lint(CASES.map(({ file, code }) => ({ file, code })));
  }, 180000);

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    expect(results[i]).toEqual(CASES[i]!.expected);
  });
});
