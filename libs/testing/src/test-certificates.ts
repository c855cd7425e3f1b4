import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

/**
 * Throw-away X.509 certificates for TLS and mutual-TLS tests, made at test time with the `openssl`
 * CLI into a temporary directory (nothing is committed, nothing outlives the test). EC P-256 keys,
 * one day of validity.
 */
export interface TestCa {
  name: string;
  certFile: string;
  keyFile: string;
}

export interface TestCertificate {
  /** PEM certificate (leaf only; the CA's file is the chain's root). */
  certFile: string;
  /** PEM private key (PKCS#8, unencrypted). */
  keyFile: string;
}

/** A ready-made set: a CA, a server and a client certificate it signed, and a second, untrusted CA with its own client. */
export interface TestPki {
  dir: string;
  ca: TestCa;
  /** serverAuth, CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1. */
  server: TestCertificate;
  /** clientAuth, signed by `ca`. */
  client: TestCertificate;
  /** A CA nobody trusts, and a client certificate it signed (for refusal tests). */
  otherCa: TestCa;
  otherClient: TestCertificate;
  /** Removes the directory. */
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function newKey(dir: string, name: string): string {
  const keyFile = path.join(dir, `${name}.key`);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile], dir);
  return keyFile;
}

/** A self-signed CA (basicConstraints CA:true, keyCertSign). */
export function createTestCa(dir: string, name: string): TestCa {
  const keyFile = newKey(dir, name);
  const certFile = path.join(dir, `${name}.crt`);
  openssl(
    [
      'req', '-x509', '-new', '-key', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return { name, certFile, keyFile };
}

/**
 * A certificate signed by `ca`: `server` (serverAuth, SANs from `hosts`: IPs as IP, others as
 * DNS) or `client` (clientAuth, CN = name).
 */
export function issueTestCertificate(ca: TestCa, dir: string, name: string, options: { usage: 'server' | 'client'; hosts?: string[] }): TestCertificate {
  const keyFile = newKey(dir, name);
  const csrFile = path.join(dir, `${name}.csr`);
  const certFile = path.join(dir, `${name}.crt`);
  const extFile = path.join(dir, `${name}.ext`);
  const hosts = options.hosts ?? [];
  const san = hosts.map((h) => (/^[\d.]+$/.test(h) || h.includes(':') ? `IP:${h}` : `DNS:${h}`)).join(',');
  writeFileSync(
    extFile,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${options.usage === 'server' ? 'serverAuth' : 'clientAuth'}`,
      ...(san ? [`subjectAltName=${san}`] : []),
    ].join('\n') + '\n',
  );
  openssl(['req', '-new', '-key', keyFile, '-out', csrFile, '-subj', `/CN=${hosts[0] ?? name}`], dir);
  openssl(['x509', '-req', '-in', csrFile, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-out', certFile, '-days', '1', '-extfile', extFile], dir);
  return { certFile, keyFile };
}

/**
 * A fresh TestPki (under a second of openssl), in a new temporary directory unless `dir` is
 * given; `serverHosts` replaces the server certificate's names (default localhost, 127.0.0.1, ::1).
 */
export function generateTestPki(options: { dir?: string; serverHosts?: string[] } = {}): TestPki {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'gv-test-pki-'));
  const ca = createTestCa(dir, 'test-ca');
  const otherCa = createTestCa(dir, 'other-ca');
  return {
    dir,
    ca,
    server: issueTestCertificate(ca, dir, 'server', { usage: 'server', hosts: options.serverHosts ?? ['localhost', '127.0.0.1', '::1'] }),
    client: issueTestCertificate(ca, dir, 'invoice-dispatcher', { usage: 'client' }),
    otherCa,
    otherClient: issueTestCertificate(otherCa, dir, 'intruder', { usage: 'client' }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * config-service's environment for GRPC_TLS=on with `pki` (its server certificate, client CA
 * `pki.ca`). CONFIG_SERVICE_INTERNAL_GRPC_PORT must be added (a port, or '0' in-process).
 */
export function grpcTlsServerEnv(pki: TestPki): Record<string, string> {
  return { GRPC_TLS: 'on', GRPC_TLS_CERT_FILE: pki.server.certFile, GRPC_TLS_KEY_FILE: pki.server.keyFile, GRPC_TLS_CLIENT_CA_FILE: pki.ca.certFile };
}

/** invoice-dispatcher's environment for GRPC_TLS=on with `pki` (its client certificate, server CA `pki.ca`). */
export function grpcTlsClientEnv(pki: TestPki): Record<string, string> {
  return { GRPC_TLS: 'on', GRPC_TLS_CA_FILE: pki.ca.certFile, GRPC_TLS_CERT_FILE: pki.client.certFile, GRPC_TLS_KEY_FILE: pki.client.keyFile };
}
