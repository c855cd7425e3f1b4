import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { opsTokenAccepts } from '@gv/service-runtime';
import { consoleHandler, ConsoleFile } from './console-static';
import { jsonBody } from './json-body';

/**
 * The express specifics of the HTTP API (the app is created with `bodyParser: false`): our own
 * JSON body parser, no ETag of express (ours are settings versions), no x-powered-by, and the
 * OpenAPI document at /docs and /docs/openapi.json, behind OPS_HTTP_TOKEN like /metrics (null:
 * the server is bound to loopback). The web console's static files at /console/ (null: not served).
 */
export function configureHttp(app: INestApplication, opsToken: string | null, consoleFiles: Map<string, ConsoleFile> | null): void {
  const express = app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void; disable(name: string): void };
  express.set('etag', false);
  express.disable('x-powered-by');
  app.use(jsonBody);
  if (consoleFiles) app.use('/console', consoleHandler(consoleFiles));
  app.use('/docs', (req: { headers: { authorization?: string } }, res: { status(code: number): { json(body: unknown): void } }, next: () => void) => {
    if (opsTokenAccepts(opsToken, req.headers.authorization)) return next();
    res.status(401).json({ error: 'unauthenticated', message: 'send Authorization: Bearer <OPS_HTTP_TOKEN>', details: [] });
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('config-service')
      .setDescription('Vhsys integration settings of each Guru account (Guru admin backend). The same operations are on gRPC: libs/contracts/proto/config_service.proto.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
