import { readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';

/**
 * The web console (services/console/src): a handful of static files, read once at start into a
 * fixed table, so a request can only ever name one of them (no path is joined from the URL) and
 * each goes out with its exact type. The console calls this service's API on the same origin with
 * the admin token the user typed; these files hold no data and no secret, so they need no token.
 */
export interface ConsoleFile {
  contentType: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** Where the console's files are: next to config-service in the sources and in dist/ alike. */
export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '../../../console/src');

/**
 * Strict headers of every console file: scripts and styles only from this origin (no inline code,
 * so an injected string cannot run), never framed, no referrer (hash routes hold no secret, but
 * nothing leaks either), and no caching of the page itself (a new deployment is picked up at once).
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Reads the console's files (index.html required); keys are URL paths relative to /console/. */
export function loadConsoleFiles(dir: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const type = TYPES[path.extname(entry.name)];
        if (type) files.set(path.relative(dir, full).split(path.sep).join('/'), { contentType: type, body: readFileSync(full) });
      }
    }
  };
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`CONSOLE_DIR: ${dir} is not a directory`);
  walk(dir);
  if (!files.has('index.html')) throw new Error(`CONSOLE_DIR: ${dir} has no index.html`);
  return files;
}

interface Req { method: string; path: string; originalUrl: string }
interface Res {
  setHeader(name: string, value: string): void;
  status(code: number): Res;
  end(body?: Buffer | string): void;
  redirect(status: number, url: string): void;
}

/** Express handler of /console and everything under it. */
export function consoleHandler(files: Map<string, ConsoleFile>) {
  return (req: Req, res: Res, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Mounted at /console, so req.path is what follows it ('/' for /console and /console/). The
    // page must be at /console/ for its relative module URLs to resolve under /console/.
    if (req.path === '/' && !req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, '/console/');
    const name = req.path === '/' ? 'index.html' : req.path.slice(1);
    const file = files.get(name);
    for (const [header, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader(header, value);
    if (!file) {
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      return res.status(404).end('not found');
    }
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Cache-Control', name === 'index.html' ? 'no-store' : 'no-cache');
    res.status(200).end(req.method === 'HEAD' ? undefined : file.body);
  };
}
