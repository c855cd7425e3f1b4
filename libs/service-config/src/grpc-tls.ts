import { readFileSync } from 'fs';
import { z } from 'zod';

/**
 * GRPC_TLS: `on` or `off`. Unset means `on` when NODE_ENV=production and `off` (plaintext, for a
 * laptop, with a warning at start) otherwise. `off` is refused when NODE_ENV=production: plaintext
 * gRPC must be an explicit development choice, never a production fallback.
 */
export const grpcTlsSwitch = () => z.enum(['on', 'off']).optional();

export function grpcTlsEnabled(nodeEnv: string, value: 'on' | 'off' | undefined): boolean {
  return (value ?? (nodeEnv === 'production' ? 'on' : 'off')) === 'on';
}

/** The refusal of GRPC_TLS=off in production (checked in each service's schema). */
export const GRPC_TLS_OFF_IN_PRODUCTION = 'plaintext gRPC (GRPC_TLS=off) is refused when NODE_ENV=production; set GRPC_TLS=on and the GRPC_TLS_* certificate files';

/**
 * Reads the PEM file named by `variable` at start-up. Returns the bytes, or a problem naming the
 * variable (never the file's content): missing path, unreadable file, or no PEM block of `kind`.
 */
export function readPemFile(variable: string, file: string | undefined, kind: 'CERTIFICATE' | 'PRIVATE KEY'): { pem?: Buffer; problem?: string } {
  if (!file) return { problem: `${variable}: is required when GRPC_TLS=on` };
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    return { problem: `${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const text = pem.toString('utf8');
  const found = kind === 'CERTIFICATE' ? text.includes('-----BEGIN CERTIFICATE-----') : /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text);
  if (!found) return { problem: `${variable}: ${file} holds no PEM ${kind === 'CERTIFICATE' ? 'certificate' : 'private key'}` };
  return { pem };
}
