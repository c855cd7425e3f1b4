import * as grpc from '@grpc/grpc-js';
import { ConfigCredentialsClient, grpcErrorInfo } from '@gv/contracts';
import { uniqueId } from '@gv/testing';
import type { RunningVhsysSimulator } from '@gv/vhsys-simulator';
import type { RunningConfigService } from '../src/start-config-service';
import { dropSchema, GrpcApi, INTERNAL_TOKEN, serviceEnv, startInProcess, startSimulator, testSchema } from './support';

jest.setTimeout(120000);

/** CONFIG_SERVICE_INTERNAL_GRPC_PORT: the credentials service on a port of its own. */
describe('config-service gRPC ports', () => {
  let sim: RunningVhsysSimulator;
  const running: { service: RunningConfigService; schema: string }[] = [];

  const start = async (extra: Record<string, string>) => {
    const schema = testSchema();
    const service = await startInProcess(serviceEnv({ schema, vhsysUrl: sim.url, extra }));
    running.push({ service, schema });
    return service;
  };

  beforeAll(async () => {
    ({ sim } = await startSimulator());
  });

  afterAll(async () => {
    for (const { service, schema } of running) {
      await service.stop();
      await dropSchema(schema);
    }
    await sim?.close();
  });

  it('serves both services on CONFIG_SERVICE_GRPC_PORT when the internal port is unset', async () => {
    const service = await start({});
    expect(service.internalGrpcAddress).toBe(service.grpcAddress);
    const rpc = new GrpcApi(service.grpcAddress);
    try {
      const account = uniqueId('acct');
      expect(grpcErrorInfo((await rpc.call('GetSettings', { accountId: account })).error!).error).toBe('not_found');
      expect(grpcErrorInfo((await rpc.call('GetCredentials', { accountId: account }, INTERNAL_TOKEN)).error!).error).toBe('not_found');
    } finally {
      rpc.close();
    }
  });

  it('with CONFIG_SERVICE_INTERNAL_GRPC_PORT, serves VhsysCredentials only there and the admin service only on the other port', async () => {
    const service = await start({ CONFIG_SERVICE_INTERNAL_GRPC_PORT: '0' });
    expect(service.internalGrpcAddress).not.toBe(service.grpcAddress);
    const adminPort = new GrpcApi(service.grpcAddress);
    const internalPort = new GrpcApi(service.internalGrpcAddress);
    try {
      const account = uniqueId('acct');
      // Each service answers on its own port (NOT_FOUND: it ran and found no integration)...
      expect(grpcErrorInfo((await adminPort.call('GetSettings', { accountId: account })).error!).error).toBe('not_found');
      expect(grpcErrorInfo((await internalPort.call('GetCredentials', { accountId: account }, INTERNAL_TOKEN)).error!).error).toBe('not_found');
      // ...and is unknown on the other one, whatever the token.
      expect((await internalPort.call('GetSettings', { accountId: account })).error!.code).toBe(grpc.status.UNIMPLEMENTED);
      expect((await internalPort.call('Republish', {})).error!.code).toBe(grpc.status.UNIMPLEMENTED);
      expect((await adminPort.call('GetCredentials', { accountId: account }, INTERNAL_TOKEN)).error!.code).toBe(grpc.status.UNIMPLEMENTED);
      // The dispatcher's client works against the internal port.
      const client = new ConfigCredentialsClient({ address: service.internalGrpcAddress, token: INTERNAL_TOKEN });
      try {
        await expect(client.getCredentials(account)).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
      } finally {
        client.close();
      }
    } finally {
      adminPort.close();
      internalPort.close();
    }
  });
});
