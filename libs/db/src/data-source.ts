import { Client, Pool, PoolClient } from 'pg';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

export interface ServiceDataSourceOptions {
  /** postgres:// URL of the server and database. */
  url: string;
  /** The schema this service owns; created when missing. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  /** Migration classes, run at start (never `synchronize`). */
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** The TypeORM options of a DataSource confined to one service's schema. */
export function serviceDataSourceOptions(options: ServiceDataSourceOptions): PostgresDataSourceOptions {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      options: `-c search_path=${options.schema}`,
      connectionTimeoutMillis: 5000,
    },
  };
}

/** Creates the service's schema when it is missing (two services starting at once may race on it). */
async function ensureSchema(url: string, schema: string, applicationName?: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const admin = new Client({ connectionString: url, application_name: applicationName });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    // The loser of a race on CREATE SCHEMA sees a duplicate.
    if ((error as { code?: string }).code !== '23505' && (error as { code?: string }).code !== '42P06') throw error;
  } finally {
    await admin.end();
  }
}

/**
 * Opens a DataSource from `serviceDataSourceOptions`: creates the schema if needed, connects, and
 * runs the service's migrations (recorded in `<schema>.migrations`); the search_path keeps
 * unqualified names inside the schema. It is the `dataSourceFactory` of ServiceDatabaseModule.
 */
export async function initializeServiceDataSource(options: PostgresDataSourceOptions): Promise<DataSource> {
  await ensureSchema(options.url!, options.schema!, options.applicationName);
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  keepPoolClientErrorsHandled(dataSource);
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** The listener every pooled connection keeps (see keepPoolClientErrorsHandled). */
function ignoreClientError(): void {
  // The error also reaches the query that was running, if any; the pool discards the client.
}

/**
 * Gives every pooled connection an 'error' listener for its whole life. pg's pool listens only
 * while a connection is idle, and TypeORM's query runner removes its listener when it releases the
 * connection after a first error: a second 'error' from the same dying connection (the server's
 * "terminating connection due to administrator command", then the socket's end) then had no
 * listener and ended the process. The chaos suite's termination of every backend did exactly that
 * to both dispatchers (docs/reliability.md#chaos-suite).
 */
function keepPoolClientErrorsHandled(dataSource: DataSource): void {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const guard = (client: PoolClient) => {
    if (!client.listeners('error').includes(ignoreClientError)) client.on('error', ignoreClientError);
  };
  pool.on('connect', guard);
  // Connections opened by initialize(), before the listener above.
  for (const client of (pool as unknown as { _clients?: PoolClient[] })._clients ?? []) guard(client);
}

/** A service's DataSource outside Nest (tools and tests): schema, connection, migrations. */
export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  return initializeServiceDataSource(serviceDataSourceOptions(options));
}

/** True when the database answers a trivial query (readiness). */
export async function databaseReachable(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
