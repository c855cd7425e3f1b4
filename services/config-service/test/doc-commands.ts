/**
 * Reads the runnable examples of docs/config-service.md: every ```bash block whose command is curl
 * or grpcurl, with the outcome its `# → <status> "<text>"` comment announces. A tiny POSIX-style
 * word splitter handles what the examples use: single and double quotes, adjacent quoted parts,
 * $VAR / ${VAR} expansion and backslash-newline continuations.
 */
import { readFileSync } from 'fs';

export interface DocCommand {
  /** 1-based line of the block in the document. */
  line: number;
  source: string;
  expectStatus: string;
  expectText: string | null;
}

export function docCommands(markdownPath: string): DocCommand[] {
  const text = readFileSync(markdownPath, 'utf8');
  const commands: DocCommand[] = [];
  const fence = /^```bash\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const body = match[1]!;
    const firstCommand = body.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
    if (!/^(curl|grpcurl)\s/.test(firstCommand)) continue;
    const expectations = [...body.matchAll(/^# → (\S+)(?: "((?:[^"\\]|\\.)*)")?\s*$/gm)];
    const last = expectations[expectations.length - 1];
    if (!last) throw new Error(`example at line ${lineOf(text, match.index)} has no "# → <status>" comment`);
    commands.push({
      line: lineOf(text, match.index),
      source: body,
      expectStatus: last[1]!,
      expectText: last[2] === undefined ? null : last[2].replace(/\\(.)/g, '$1'),
    });
  }
  return commands;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Splits a shell command into words, expanding variables from `env`. */
export function shellWords(script: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  const variable = (): string => {
    // at '$'
    let name: string;
    if (script[i + 1] === '{') {
      const end = script.indexOf('}', i + 2);
      name = script.slice(i + 2, end);
      i = end + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(script.slice(i + 1));
      if (!m) {
        i += 1;
        return '$';
      }
      name = m[0];
      i += 1 + name.length;
    }
    const value = env[name];
    if (value === undefined) throw new Error(`the example uses $${name}, which the test does not define`);
    return value;
  };
  while (i < script.length) {
    const c = script[i]!;
    if (c === '\\' && script[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      i += 1;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end === -1) throw new Error('unterminated single quote');
      current += script.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i += 1;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === '\\' && /["\\$`]/.test(script[i + 1] ?? '')) {
          current += script[i + 1];
          i += 2;
        } else if (script[i] === '$') {
          current += variable();
        } else {
          current += script[i];
          i += 1;
        }
      }
      if (script[i] !== '"') throw new Error('unterminated double quote');
      i += 1;
    } else if (c === '$') {
      current += variable();
    } else if (c === '\\') {
      current += script[i + 1] ?? '';
      i += 2;
    } else {
      current += c;
      i += 1;
    }
  }
  if (inWord) words.push(current);
  return words;
}
