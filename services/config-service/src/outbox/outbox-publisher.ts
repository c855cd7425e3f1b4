import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OutboxPublisher, OutboxRelay, advisoryLockKey } from '@gv/db';
import { errorFields, Logger } from '@gv/telemetry';

export interface OutboxLeaderOptions {
  dataSource: DataSource;
  databaseUrl: string;
  schema: string;
  publisher: OutboxPublisher;
  logger: Logger;
  /** Postgres NOTIFY channel the settings transactions notify on commit. */
  channel: string;
  pollIntervalMs: number;
  /** Wait this long before publishing anything (a test switch; 0 in production). */
  startDelayMs: number;
}

/**
 * Runs the shared OutboxRelay on exactly one instance at a time. The topic is compacted and keyed
 * by account, so the last message of a key must be its newest snapshot: two instances publishing
 * different batches at once could put an older snapshot last. A session-level advisory lock on a
 * dedicated connection elects the publisher; when that instance dies its connection closes, the
 * lock is released and another instance takes over within a retry interval.
 *
 * The leader LISTENs on the channel every settings transaction NOTIFYs (delivered only on commit),
 * so a change on any instance is published at once; the relay's poll is the fallback.
 */
export class OutboxLeader {
  private readonly relay: OutboxRelay;
  private client: Client | null = null;
  private leader = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly lockKey: string;

  constructor(private readonly options: OutboxLeaderOptions) {
    this.relay = new OutboxRelay({
      dataSource: options.dataSource,
      publisher: options.publisher,
      logger: options.logger,
      pollIntervalMs: options.pollIntervalMs,
    });
    this.lockKey = `${options.schema}.outbox-relay`;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    const delay = this.options.startDelayMs;
    if (delay > 0) this.options.logger.warn({ delayMs: delay }, 'outbox publishing delayed (OUTBOX_RELAY_START_DELAY_MS)');
    this.schedule(delay);
  }

  /** Publishes what is pending now, if this instance is the publisher. */
  kick(): void {
    if (this.leader && !this.stopped) void this.relay.drain().catch(() => undefined);
  }

  backlog(): Promise<number> {
    return this.relay.backlog();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.relay.stop();
    await this.release();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tryLead(), ms);
  }

  private async tryLead(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: 'config-service-outbox' });
    try {
      client.on('error', () => undefined);
      await client.connect();
      // Upgrading from hashtext keys: while old and new instances overlap, one of each may publish.
      // Harmless: snapshots carry their version and consumers keep the newest (ConfigView).
      const rows = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${advisoryLockKey('$1')}) AS locked`, [this.lockKey]);
      if (!rows.rows[0]?.locked) {
        await client.end().catch(() => undefined);
        this.schedule(Math.max(this.options.pollIntervalMs, 2000));
        return;
      }
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.leader = true;
      client.on('notification', () => this.kick());
      client.on('error', (error) => void this.lostLeadership(error));
      client.on('end', () => void this.lostLeadership(new Error('connection ended')));
      await client.query(`LISTEN "${this.options.channel}"`);
      this.options.logger.info('this instance publishes the outbox');
      this.relay.start();
    } catch (error) {
      this.options.logger.warn({ ...errorFields(error) }, 'outbox leadership attempt failed; retrying');
      await client.end().catch(() => undefined);
      this.schedule(2000);
    }
  }

  /** Called from the connection's 'error'/'end' events (not awaited): it must never reject. */
  private async lostLeadership(error: unknown): Promise<void> {
    if (!this.leader || this.stopped) return;
    this.leader = false;
    this.client = null;
    this.options.logger.warn({ ...errorFields(error) }, 'outbox leadership lost; retrying');
    await this.relay.stop().catch(() => undefined);
    this.schedule(2000);
  }

  private async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.leader = false;
    if (!client) return;
    client.removeAllListeners('end');
    await client.end().catch(() => undefined);
  }
}
