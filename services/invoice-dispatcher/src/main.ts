// Telemetry first: instrumentations must patch kafkajs, pg, undici and grpc before anything requires them.
import { startMetrics, startTelemetry } from '@gv/telemetry';

startTelemetry({ serviceName: 'invoice-dispatcher' });
startMetrics('invoice-dispatcher');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./bootstrap');
