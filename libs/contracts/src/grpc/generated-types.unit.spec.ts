import { execSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '../../../..');
const COMMITTED = path.join(ROOT, 'libs/contracts/src/grpc/generated');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('generated gRPC message types', () => {
  it('are what `npm run generate:grpc-types` writes from the proto (regenerate and commit after editing it)', () => {
    // The same command as the npm script, writing to a scratch directory.
    const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['generate:grpc-types']!;
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'grpc-types-'));
    try {
      const command = script.replace('-O libs/contracts/src/grpc/generated', `-O ${scratch}`);
      expect(command).not.toBe(script);
      execSync(command, { cwd: ROOT, stdio: 'pipe', env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` } });
      expect(filesUnder(COMMITTED)).toEqual(filesUnder(scratch));
      for (const file of filesUnder(scratch)) {
        expect({ file, text: readFileSync(path.join(COMMITTED, file), 'utf8') }).toEqual({ file, text: readFileSync(path.join(scratch, file), 'utf8') });
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
