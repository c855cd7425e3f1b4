import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'net';
import { connectKafkaConsumer, KafkaConsumerServer } from '@gv/kafka';
import type { Logger } from '@gv/telemetry';
import { NestPinoLogger } from './nest-logger';

export interface StartServiceOptions {
  /** The service's root module (`<Service>Module.forRoot(config, …)`). */
  module: DynamicModule;
  logger: Logger;
  /** Providers of the service's KafkaConsumerServers, connected as Nest microservices. */
  consumers?: Array<symbol | string>;
  http: { port: number; host: string };
  nestOptions?: Omit<NestApplicationOptions, 'logger'>;
  /** HTTP and extra transports (e.g. gRPC), before the application starts. */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Starts a service in the one order every service needs: providers are created, then `init`
 * runs the start hooks (migrations, the publisher, the settings view: everything a handler relies
 * on), then the consumers start, then the HTTP port opens. A failed start closes what had started.
 * Returns the application and the HTTP port bound (the setting may be 0).
 */
export async function startService(options: StartServiceOptions): Promise<{ app: INestApplication; httpPort: number }> {
  const app = await NestFactory.create(options.module, { abortOnError: false, ...options.nestOptions, logger: new NestPinoLogger(options.logger) });
  try {
    for (const token of options.consumers ?? []) connectKafkaConsumer(app, app.get<KafkaConsumerServer>(token));
    await options.configure?.(app);
    await app.init();
    await app.startAllMicroservices();
    await app.listen(options.http.port, options.http.host);
    return { app, httpPort: (app.getHttpServer().address() as AddressInfo).port };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
