// `nx run <project>:typecheck`: type-checks the .ts files of one project folder with the options of
// tsconfig.json. Files of other projects it imports are read for their types but reported by their
// own project's typecheck, so each file is checked once across `nx run-many -t typecheck`.
//   node tools/scripts/typecheck.js <project root>      (no argument: the whole workspace)
'use strict';
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '../..');
const only = process.argv[2] ? path.join(ROOT, process.argv[2]) + path.sep : null;

const configPath = path.join(ROOT, 'tsconfig.json');
const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
const rootNames = only ? parsed.fileNames.filter((f) => path.resolve(f).startsWith(only)) : parsed.fileNames;
const rootSet = new Set(rootNames);
const program = ts.createProgram({ rootNames, options: parsed.options });

const mine = program.getSourceFiles().filter((sf) => rootSet.has(sf.fileName));
const diagnostics = [
  ...parsed.errors,
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...mine.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
];
const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
if (diagnostics.length > 0) {
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.stderr.write(`typecheck: ${diagnostics.length} error(s)\n`);
  process.exit(1);
}
process.stdout.write(`typecheck: ${mine.length} files of ${process.argv[2] || 'the workspace'} OK\n`);
