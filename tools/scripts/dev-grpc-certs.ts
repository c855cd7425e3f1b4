/**
 * DEVELOPMENT certificates for gRPC over TLS (docker-compose's `grpc-certs` step, or a laptop):
 *
 *   node -r ./tools/scripts/register.js tools/scripts/dev-grpc-certs.ts <dir> [server host …]
 *
 * Writes into <dir>: test-ca.crt (the CA both services trust), server.crt/server.key
 * (config-service, for the hosts given; default localhost 127.0.0.1), invoice-dispatcher.crt/.key
 * (the dispatcher's client certificate). One day of validity, keys unencrypted: never for
 * production, whose certificates come from its own CA and secret store.
 */
import { chownSync, mkdirSync, readdirSync } from 'fs';
import path from 'path';
import { generateTestPki } from '@gv/testing';

const [dir, ...hosts] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: dev-grpc-certs.ts <dir> [server host …]\n');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
generateTestPki({ dir, serverHosts: hosts.length > 0 ? hosts : ['localhost', '127.0.0.1'] });
// Run as root in a container, the files go to the services' user (uid 1000, `node` in node images).
if (process.getuid?.() === 0) for (const file of [dir, ...readdirSync(dir).map((f) => path.join(dir, f))]) chownSync(file, 1000, 1000);
process.stdout.write(`development gRPC certificates written to ${dir}\n`);
