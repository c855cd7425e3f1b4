// Runs TypeScript sources directly (services, tools, scripts) with SWC, honouring the
// monorepo path aliases and decorator metadata from tsconfig.base.json. Telemetry must be
// started by each entry point before NestJS, kafkajs or pg are required.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('path').join(__dirname, '../../tsconfig.json');
require('@swc-node/register');
