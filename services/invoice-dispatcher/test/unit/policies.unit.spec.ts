import { Semaphore } from '@gv/concurrency';
import { ConfigError } from '@gv/service-config';
import { generateTestPki } from '@gv/testing';
import { loadDispatcherConfig } from '../../src/config';
import { fairIntakeOf } from '../../src/consumers/consumers.module';
import { AccountSlots } from '../../src/dispatch/account-slots';
import { CachedCredentialsProvider, CredentialsSource, StaticCredentialsSource } from '../../src/credentials/credentials-provider';
import { AccountGate } from '../../src/dispatch/account-gate';
import { RetryPolicy } from '../../src/dispatch/retry-policy';
import { issCents } from '../../src/vhsys/vhsys-client-adapter';
import { VhsysCredentialPair } from '../../src/vhsys/vhsys-port';
import { inspect } from 'util';
import { dispatchResult } from '../../src/dispatch/results';

describe('RetryPolicy', () => {
  it('grows exponentially with equal jitter, capped, and honours Retry-After', () => {
    const low = new RetryPolicy({ baseDelayMs: 1000, maxDelayMs: 60000, maxAttempts: 5, parkedDelayMs: 600000 }, () => 0);
    const high = new RetryPolicy({ baseDelayMs: 1000, maxDelayMs: 60000, maxAttempts: 5, parkedDelayMs: 600000 }, () => 0.999999);
    expect([1, 2, 3, 4].map((a) => low.delayFor(a))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => high.delayFor(a))).toEqual([1000, 2000, 4000, 8000]);
    expect(high.delayFor(30)).toBe(60000);
    expect(low.delayFor(30)).toBe(30000);
    expect(low.delayFor(1, 7000)).toBe(7000);
    expect(low.exhausted(4)).toBe(false);
    expect(low.exhausted(5)).toBe(true);
  });
});


describe('Semaphore', () => {
  it('bounds concurrency and hands slots over in order', async () => {
    const s = new Semaphore(2);
    const r1 = await s.acquire();
    await s.acquire();
    let third = false;
    const waiting = s.acquire().then((r) => {
      third = true;
      return r;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    r1();
    await waiting;
    expect(third).toBe(true);
    expect(s.inUse).toBe(2);
  });
});

describe('AccountGate', () => {
  it('opens after consecutive failures, doubles while probes fail, closes on success, and honours Retry-After', () => {
    let now = 0;
    const gate = new AccountGate({ failureThreshold: 3, openMs: 1000, maxOpenMs: 3000 }, () => now);
    gate.recordFailure('a');
    gate.recordFailure('a');
    expect(gate.blockedUntil('a')).toBeNull();
    expect(gate.recordFailure('a')).toBe(true);
    expect(gate.blockedUntil('a')).toBe(1000);
    expect(gate.blockedUntil('b')).toBeNull();
    now = 1000;
    expect(gate.blockedUntil('a')).toBeNull();
    gate.recordFailure('a');
    expect(gate.blockedUntil('a')).toBe(3000);
    now = 3000;
    gate.recordFailure('a');
    expect(gate.blockedUntil('a')).toBe(6000); // capped at 3000 ms
    gate.recordSuccess('a');
    expect(gate.blockedUntil('a')).toBeNull();
    gate.recordFailure('c', 5000);
    expect(gate.blockedUntil('c')).toBe(8000);
    gate.throttle('d', 60000);
    expect(gate.blockedUntil('d')).toBe(63000);
    expect(gate.isOpen('d')).toBe(false);
  });
});

describe('credentials', () => {
  it('caches per account, refreshes on a newer credentialsVersion or after the TTL, and shares one fetch', async () => {
    let version = 1;
    let fetches = 0;
    const source: CredentialsSource = {
      fetch: async () => {
        fetches += 1;
        await new Promise((r) => setTimeout(r, 5));
        return { pair: new VhsysCredentialPair('a', 's', version), active: true };
      },
    };
    let now = 0;
    const provider = new CachedCredentialsProvider(source, 1000, () => now);
    await Promise.all([provider.get('acc', 1), provider.get('acc', 1), provider.get('acc', 0)]);
    expect(fetches).toBe(1);
    version = 2;
    expect((await provider.get('acc', 1)).pair.version).toBe(1);
    expect((await provider.get('acc', 2)).pair.version).toBe(2);
    expect(fetches).toBe(2);
    now = 5000;
    await provider.get('acc', 1);
    expect(fetches).toBe(3);
    provider.invalidate('acc');
    await provider.get('acc', 1);
    expect(fetches).toBe(4);
  });

  it('does not cache a fetch that was in flight when the account was invalidated', async () => {
    const answers: Array<(value: { pair: VhsysCredentialPair; active: boolean }) => void> = [];
    const source: CredentialsSource = { fetch: () => new Promise((resolve) => answers.push(resolve)) };
    const provider = new CachedCredentialsProvider(source, 60000);
    const before = provider.get('acc', 0);
    provider.invalidate('acc'); // e.g. the integration was deleted while GetCredentials was answering
    answers[0]!({ pair: new VhsysCredentialPair('old-a', 'old-s', 1), active: true });
    expect((await before).pair.version).toBe(1);
    const after = provider.get('acc', 0);
    expect(answers).toHaveLength(2); // a new fetch, not the stale answer from the cache
    answers[1]!({ pair: new VhsysCredentialPair('new-a', 'new-s', 2), active: true });
    expect((await after).pair.version).toBe(2);
    expect((await provider.get('acc', 0)).pair.version).toBe(2);
    expect(answers).toHaveLength(2);
  });

  it('never shows the tokens when logged or serialised', () => {
    const pair = new VhsysCredentialPair('ACCESS-SECRET-1', 'SECRET-SECRET-2', 3);
    expect(JSON.stringify({ pair })).not.toMatch(/SECRET/);
    expect(inspect(pair)).not.toMatch(/SECRET/);
    expect(pair.accessToken).toBe('ACCESS-SECRET-1');
  });

  it('reads STATIC_CREDENTIALS and reports unknown accounts as missing', async () => {
    const source = new StaticCredentialsSource(JSON.stringify({ a1: { accessToken: 'x', secretAccessToken: 'y', credentialsVersion: 4 } }));
    expect((await source.fetch('a1')).pair.version).toBe(4);
    await expect(source.fetch('nope')).rejects.toMatchObject({ name: 'CredentialsMissingError' });
  });
});

describe('configuration', () => {
  const base = { DATABASE_URL: 'postgres://x@h/db', KAFKA_BROKERS: '127.0.0.1:19092' };

  it('has working defaults and refuses STATIC_CREDENTIALS in production', () => {
    const config = loadDispatcherConfig({ ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't' });
    expect(config.DISPATCHER_HTTP_PORT).toBe(3003);
    expect(config.DB_SCHEMA).toBe('invoice_dispatcher');
    expect(config.VHSYS_RATE_LIMIT_PER_SECOND).toBe(2);
    expect(() => loadDispatcherConfig({ ...base, NODE_ENV: 'production', STATIC_CREDENTIALS: '{}' })).toThrow(ConfigError);
    expect(() => loadDispatcherConfig({ ...base })).toThrow(/CONFIG_SERVICE_INTERNAL_TOKEN/);
    expect(loadDispatcherConfig({ ...base, STATIC_CREDENTIALS: '{}' }).STATIC_CREDENTIALS).toBe('{}');
  });

  it('bounds how late a request may be for its rate slot (default 50 ms, at least 1)', () => {
    const ok = { ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't' };
    expect(loadDispatcherConfig(ok).VHSYS_RATE_LIMIT_MAX_LATENESS_MS).toBe(50);
    expect(loadDispatcherConfig({ ...ok, VHSYS_RATE_LIMIT_MAX_LATENESS_MS: '124' }).VHSYS_RATE_LIMIT_MAX_LATENESS_MS).toBe(124);
    expect(() => loadDispatcherConfig({ ...ok, VHSYS_RATE_LIMIT_MAX_LATENESS_MS: '0' })).toThrow(/VHSYS_RATE_LIMIT_MAX_LATENESS_MS/);
  });

  it('allows 200 ms of unseen delivery jitter by default and refuses more than the burst\'s span can absorb', () => {
    const ok = { ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't' };
    expect(loadDispatcherConfig(ok).VHSYS_RATE_LIMIT_JITTER_MS).toBe(200);
    // 8/s, burst 5: a span of 625 ms; 50 ms lateness + 574 ms jitter still leaves a 0 ms tolerance.
    const fast = { ...ok, VHSYS_RATE_LIMIT_PER_SECOND: '8', VHSYS_RATE_LIMIT_BURST: '5' };
    expect(loadDispatcherConfig({ ...fast, VHSYS_RATE_LIMIT_JITTER_MS: '574' }).VHSYS_RATE_LIMIT_JITTER_MS).toBe(574);
    expect(() => loadDispatcherConfig({ ...fast, VHSYS_RATE_LIMIT_JITTER_MS: '575' })).toThrow(/VHSYS_RATE_LIMIT_JITTER_MS: plus VHSYS_RATE_LIMIT_MAX_LATENESS_MS must stay below the burst's span, VHSYS_RATE_LIMIT_BURST × 1000 \/ VHSYS_RATE_LIMIT_PER_SECOND = 625 ms/);
    expect(() => loadDispatcherConfig({ ...ok, VHSYS_RATE_LIMIT_JITTER_MS: '-1' })).toThrow(/VHSYS_RATE_LIMIT_JITTER_MS/);
    // The benchmark's lifted limit still starts.
    expect(loadDispatcherConfig({ ...ok, VHSYS_RATE_LIMIT_PER_SECOND: '1000000', VHSYS_RATE_LIMIT_BURST: '1000000000', VHSYS_RATE_LIMIT_MAX_LATENESS_MS: '60000' }).VHSYS_RATE_LIMIT_BURST).toBe(1_000_000_000);
  });

  it('paces each account\'s intake by default (50/s after 32, on 250 ms ticks, a queue of 20 000 / 64 MiB, waiting for the account\'s slots) and turns it off with 0', () => {
    const ok = { ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't' };
    const slots = new AccountSlots({ perAccount: 2, maxQueued: 8, total: 10 });
    const intake = fairIntakeOf(loadDispatcherConfig(ok), slots)!;
    expect({ ...intake, laneOf: undefined }).toEqual({
      perSecond: 50, burst: 32, tickMs: 250, maxQueued: 20000, maxQueuedBytes: 64 * 1024 * 1024, room: slots, laneOf: undefined,
    });
    // Waiting for the account's slots is on by default, and off with false.
    expect(fairIntakeOf(loadDispatcherConfig({ ...ok, DISPATCHER_ACCOUNT_INTAKE_WAITS_FOR_SLOTS: 'false' }), slots)!.room).toBeUndefined();
    expect(() => loadDispatcherConfig({ ...ok, DISPATCHER_ACCOUNT_INTAKE_WAITS_FOR_SLOTS: 'maybe' })).toThrow(/DISPATCHER_ACCOUNT_INTAKE_WAITS_FOR_SLOTS/);
    const message = { topic: 't', partition: 0, offset: '0', key: 'k', value: null, timestamp: '0' };
    expect(intake.laneOf({ ...message, headers: { 'x-account-id': 'acct-1' } })).toBe('acct-1');
    expect(intake.laneOf({ ...message, headers: {} })).toBeNull();
    expect(fairIntakeOf(loadDispatcherConfig({ ...ok, DISPATCHER_ACCOUNT_INTAKE_PER_SECOND: '0' }), slots)).toBeUndefined();
    expect(fairIntakeOf(loadDispatcherConfig({ ...ok, DISPATCHER_ACCOUNT_INTAKE_PER_SECOND: '2.5' }), slots)!.perSecond).toBe(2.5);
    expect(() => loadDispatcherConfig({ ...ok, DISPATCHER_ACCOUNT_INTAKE_PER_SECOND: '-1' })).toThrow(/DISPATCHER_ACCOUNT_INTAKE_PER_SECOND/);
    expect(() => loadDispatcherConfig({ ...ok, DISPATCHER_ACCOUNT_INTAKE_PER_SECOND: 'fast' })).toThrow(/DISPATCHER_ACCOUNT_INTAKE_PER_SECOND/);
    expect(() => loadDispatcherConfig({ ...ok, DISPATCHER_ACCOUNT_INTAKE_BURST: '0' })).toThrow(/DISPATCHER_ACCOUNT_INTAKE_BURST/);
    expect(() => loadDispatcherConfig({ ...ok, DISPATCHER_ACCOUNT_INTAKE_TICK_MS: '0' })).toThrow(/DISPATCHER_ACCOUNT_INTAKE_TICK_MS/);
    expect(() => loadDispatcherConfig({ ...ok, DISPATCHER_INTAKE_QUEUE_MAX: '0' })).toThrow(/DISPATCHER_INTAKE_QUEUE_MAX/);
    expect(() => loadDispatcherConfig({ ...ok, DISPATCHER_INTAKE_QUEUE_MAX_BYTES: '-1' })).toThrow(/DISPATCHER_INTAKE_QUEUE_MAX_BYTES/);
  });

  it('bounds each account\'s queue (default 8, 0 allowed) and its hand-off schedule (default 5 min)', () => {
    const config = loadDispatcherConfig({ ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't' });
    expect([config.VHSYS_ACCOUNT_MAX_QUEUED, config.DISPATCHER_HANDOFF_MAX_DELAY_MS]).toEqual([8, 300000]);
    expect(loadDispatcherConfig({ ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't', VHSYS_ACCOUNT_MAX_QUEUED: '0' }).VHSYS_ACCOUNT_MAX_QUEUED).toBe(0);
    expect(() => loadDispatcherConfig({ ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't', VHSYS_ACCOUNT_MAX_QUEUED: '-1' })).toThrow(/VHSYS_ACCOUNT_MAX_QUEUED/);
    expect(() => loadDispatcherConfig({ ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't', DISPATCHER_HANDOFF_MAX_DELAY_MS: '0' })).toThrow(/DISPATCHER_HANDOFF_MAX_DELAY_MS/);
  });

  it('calls GetCredentials over mutual TLS when GRPC_TLS is on (the default in production), plaintext only as a development choice', () => {
    const pki = generateTestPki();
    try {
      const problemsOf = (source: Record<string, string>) => {
        try {
          loadDispatcherConfig(source);
        } catch (error) {
          return (error as ConfigError).problems;
        }
        return [];
      };
      expect(loadDispatcherConfig({ ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 't' }).grpcTls).toBeNull();
      // Production's Kafka is TLS and SASL (plaintext is refused there, docs/kafka.md#security).
      const production = { NODE_ENV: 'production', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'a-kafka-password' };
      expect(problemsOf({ ...base, ...production, CONFIG_SERVICE_INTERNAL_TOKEN: 't', GRPC_TLS: 'off' })).toEqual([
        'GRPC_TLS: plaintext gRPC (GRPC_TLS=off) is refused when NODE_ENV=production; set GRPC_TLS=on and the GRPC_TLS_* certificate files',
      ]);
      expect(problemsOf({ ...base, ...production, CONFIG_SERVICE_INTERNAL_TOKEN: 't' })).toEqual([
        'GRPC_TLS_CA_FILE: is required when GRPC_TLS=on',
        'GRPC_TLS_CERT_FILE: is required when GRPC_TLS=on',
        'GRPC_TLS_KEY_FILE: is required when GRPC_TLS=on',
      ]);
      const files = { GRPC_TLS_CA_FILE: pki.ca.certFile, GRPC_TLS_CERT_FILE: pki.client.certFile, GRPC_TLS_KEY_FILE: pki.client.keyFile };
      const tls = loadDispatcherConfig({ ...base, ...production, CONFIG_SERVICE_INTERNAL_TOKEN: 't', ...files }).grpcTls!;
      expect([tls.ca, tls.cert, tls.key].map((pem) => pem!.toString().split('\n')[0])).toEqual(['-----BEGIN CERTIFICATE-----', '-----BEGIN CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----']);
    } finally {
      pki.cleanup();
    }
  });

  it('names the bad variable, never its value', () => {
    try {
      loadDispatcherConfig({ ...base, CONFIG_SERVICE_INTERNAL_TOKEN: 'sup3r-s3cret', VHSYS_MAX_CONCURRENCY: 'lots' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).toContain('VHSYS_MAX_CONCURRENCY');
      expect((error as Error).message).not.toContain('sup3r-s3cret');
    }
  });
});

describe('dispatch results', () => {
  it('are validated against the contract and carry the ledger ids', () => {
    const ledger = {
      idCliente: 1, idPed: 2, idPedido: 3, orderCreatedRevision: 1, lastChangeRevision: 1, appliedHeaderHash: null, appliedItemsHash: null,
      appliedInstallmentsHash: null, appliedStatus: null, appliedSituacao: null, nfeIdVenda: 4, nfeEmitted: true, nfeChave: 'k', nfeProtocolo: 'p',
      nfeDanfeUrl: 'u', nfseIdServico: null, nfseEmitted: false, nfseNumero: null, manualCancellationRevision: null,
      attempts: 0, reprocessRequestId: null,
    };
    const result = dispatchResult({ accountId: 'a', guruTransactionId: 't', revision: 2 }, 'created', null, null, ledger, [], { now: new Date('2026-06-10T12:00:00Z') });
    expect(result).toEqual({
      accountId: 'a', guruTransactionId: 't', revision: 2, stage: 'dispatch', outcome: 'created', reason: null, detail: null, productCodes: [],
      vhsys: { idCliente: 1, idPed: 2, idPedido: 3, nfe: { idVenda: 4, emitted: true, notaChave: 'k', protocolo: 'p', danfeUrl: 'u' }, nfse: null },
      attempts: 0, steps: [], reprocessRequestId: null,
      occurredAt: '2026-06-10T12:00:00.000Z',
    });
    expect(() => dispatchResult({ accountId: '', guruTransactionId: 't', revision: 1 }, 'created', null, null, null)).toThrow(/accountId/);
  });
});

describe('NFS-e ISS', () => {
  it('computes the tax in centavos, half-up', () => {
    expect(issCents(10000, '2.00')).toBe(200);
    expect(issCents(19700, '2.5')).toBe(493); // 492.5 → 493
    expect(issCents(333, '3.3333')).toBe(11);
  });
});
