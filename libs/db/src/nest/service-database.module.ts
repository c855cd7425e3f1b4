import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import { initializeServiceDataSource, ServiceDataSourceOptions, serviceDataSourceOptions } from '../data-source';
import { PreparedStatements } from '../prepared-statements';

export interface ServiceDatabaseModuleOptions {
  inject: Array<string | symbol | Function>;
  useFactory: (...args: any[]) => ServiceDataSourceOptions;
}

/**
 * The service's DataSource through `TypeOrmModule.forRootAsync`: its own schema, created when
 * missing, and its migrations run by TypeORM's runner before any other provider starts. The
 * DataSource is injectable as `DataSource` (global), and the hot paths' `PreparedStatements` on
 * it. TypeORM's module destroys the DataSource at shutdown, after every other provider.
 *
 * Start-up fails at once when the database is unreachable (no retry loop): the orchestrator
 * restarts the process, and a readiness probe never reports a half-started service.
 */
@Module({})
export class ServiceDatabaseModule {
  static forRootAsync(options: ServiceDatabaseModuleOptions): DynamicModule {
    return {
      module: ServiceDatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: options.inject,
          useFactory: (...args: unknown[]) => ({
            ...serviceDataSourceOptions(options.useFactory(...args)),
            retryAttempts: 1,
            toRetry: () => false,
          }),
          dataSourceFactory: (typeOrmOptions) => initializeServiceDataSource(typeOrmOptions as PostgresDataSourceOptions),
        }),
      ],
      providers: [{ provide: PreparedStatements, inject: [DataSource], useFactory: (dataSource: DataSource) => new PreparedStatements(dataSource) }],
      exports: [PreparedStatements],
    };
  }
}
