// Telemetry first: instrumentations must patch kafkajs, pg and http before anything requires them.
import { startMetrics, startTelemetry } from '@gv/telemetry';

startTelemetry({ serviceName: 'mapping-service' });
startMetrics('mapping-service');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./bootstrap');
