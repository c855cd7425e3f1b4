// Telemetry first: instrumentations must patch http, grpc, pg, kafkajs and undici before anything requires them.
import { startMetrics, startTelemetry } from '@gv/telemetry';

startTelemetry({ serviceName: 'config-service' });
startMetrics('config-service');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./bootstrap');
