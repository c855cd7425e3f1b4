import { Client } from 'pg';
import { DataSource, EntitySchema, MixedList } from 'typeorm';

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

/**
 * Opens a TypeORM DataSource confined to one service's schema: creates the schema if needed,
 * runs the service's migrations (recorded in `<schema>.migrations`) and sets the search_path so
 * unqualified names stay inside it.
 */
export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  const admin = new Client({ connectionString: options.url, application_name: options.applicationName });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  } catch (error) {
    // Two services starting at once may race on CREATE SCHEMA; the loser sees a duplicate.
    if ((error as { code?: string }).code !== '23505' && (error as { code?: string }).code !== '42P06') throw error;
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource({
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
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
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
