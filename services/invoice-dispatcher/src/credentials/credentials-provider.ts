import { z } from 'zod';
import { InfrastructureUnavailableError } from '@gv/kafka';
import { VhsysCredentialPair } from '../vhsys/vhsys-port';

/** The account has no usable credentials (no integration, no tokens): its sales are parked. */
export class CredentialsMissingError extends Error {
  constructor(readonly accountId: string, readonly reason: 'no_integration' | 'no_tokens') {
    super(`no Vhsys credentials for account ${accountId} (${reason})`);
    this.name = 'CredentialsMissingError';
  }
}

/**
 * config-service could not be asked (down, deadline, refused our token). It is our own
 * infrastructure: the consumer runner retries the message in place until it is back, instead of
 * dead-lettering or parking anything.
 */
export class CredentialsUnavailableError extends InfrastructureUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialsUnavailableError';
  }
}

export interface FetchedCredentials {
  pair: VhsysCredentialPair;
  active: boolean;
}

/** Where credentials come from (config-service over gRPC, or a static map in tests). */
export interface CredentialsSource {
  fetch(accountId: string): Promise<FetchedCredentials>;
  close?(): void;
}

export interface CredentialsProvider {
  /** The account's credentials, at least as new as `minVersion` when the source has them. */
  get(accountId: string, minVersion: number): Promise<FetchedCredentials>;
  /**
   * Forgets the cached pair (after Vhsys refused it, or the account's settings changed or were
   * deleted); a fetch already in flight is not cached either.
   */
  invalidate(accountId: string): void;
  close(): void;
}

/**
 * Caches credentials per account in memory only. A message mapped with a newer
 * `credentialsVersion` than the cached pair triggers a refresh; every change of the account's
 * settings (the settings topic, SettingsWatch) drops the entry; entries also expire after `ttlMs`
 * as a backstop. Concurrent requests for one account share one fetch.
 */
export class CachedCredentialsProvider implements CredentialsProvider {
  private readonly cache = new Map<string, { value: FetchedCredentials; fetchedAt: number }>();
  private readonly inflight = new Map<string, Promise<FetchedCredentials>>();
  /** Bumped by invalidate(): a fetch that started before it must not fill the cache after it. */
  private readonly generations = new Map<string, number>();

  constructor(private readonly source: CredentialsSource, private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  async get(accountId: string, minVersion: number): Promise<FetchedCredentials> {
    const cached = this.cache.get(accountId);
    if (cached && cached.value.pair.version >= minVersion && this.now() - cached.fetchedAt < this.ttlMs) return cached.value;
    let pending = this.inflight.get(accountId);
    if (!pending) {
      const generation = this.generations.get(accountId) ?? 0;
      const current = () => (this.generations.get(accountId) ?? 0) === generation;
      pending = this.source.fetch(accountId).then(
        (value) => {
          if (current()) {
            this.cache.set(accountId, { value, fetchedAt: this.now() });
            this.inflight.delete(accountId);
          }
          return value;
        },
        (error) => {
          if (current()) this.inflight.delete(accountId);
          throw error;
        },
      );
      this.inflight.set(accountId, pending);
    }
    return pending;
  }

  invalidate(accountId: string): void {
    this.generations.set(accountId, (this.generations.get(accountId) ?? 0) + 1);
    this.cache.delete(accountId);
    this.inflight.delete(accountId);
  }

  close(): void {
    this.source.close?.();
  }
}

const StaticCredentialsSchema = z.record(
  z.string().min(1),
  z.object({
    accessToken: z.string().min(1),
    secretAccessToken: z.string().min(1),
    credentialsVersion: z.number().int().min(0).default(1),
    active: z.boolean().default(true),
  }),
);

/**
 * Test-only source: `STATIC_CREDENTIALS` JSON `{ "<accountId>": { accessToken, secretAccessToken,
 * credentialsVersion? } }`. Refused in production by the configuration schema.
 */
export class StaticCredentialsSource implements CredentialsSource {
  private readonly entries: z.infer<typeof StaticCredentialsSchema>;

  constructor(json: string) {
    const parsed = StaticCredentialsSchema.safeParse(JSON.parse(json));
    if (!parsed.success) throw new Error(`STATIC_CREDENTIALS is not a valid credentials map: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    this.entries = parsed.data;
  }

  async fetch(accountId: string): Promise<FetchedCredentials> {
    const entry = this.entries[accountId];
    if (!entry) throw new CredentialsMissingError(accountId, 'no_integration');
    return { pair: new VhsysCredentialPair(entry.accessToken, entry.secretAccessToken, entry.credentialsVersion), active: entry.active };
  }

  /** Tests rotate tokens in place. */
  set(accountId: string, accessToken: string, secretAccessToken: string, credentialsVersion: number): void {
    this.entries[accountId] = { accessToken, secretAccessToken, credentialsVersion, active: true };
  }
}
