import * as protoLoader from '@grpc/proto-loader';
import { CONFIG_SERVICE_LOADER_OPTIONS, CONFIG_SERVICE_PROTO_PATH } from '@gv/contracts';
import { isMalformedRequest, tolerateMalformedRequests } from './malformed-requests';

describe('tolerateMalformedRequests', () => {
  const load = () => protoLoader.loadSync(CONFIG_SERVICE_PROTO_PATH, CONFIG_SERVICE_LOADER_OPTIONS) as unknown as Record<string, Record<string, protoLoader.MethodDefinition<object, object>>>;

  it('turns undecodable request bytes into the marker and leaves valid messages as they were', () => {
    const definition = load();
    const plain = definition['guru.vhsys.config.v1.VhsysIntegrationAdmin']!.GetSettings!;
    const valid = plain.requestSerialize({ accountId: 'acct_1' });
    // An unknown field (15) with wire type 7, which does not exist.
    const malformed = Buffer.from([(15 << 3) | 7, 0x01]);
    expect(() => plain.requestDeserialize(malformed)).toThrow();

    tolerateMalformedRequests(definition);
    const wrapped = definition['guru.vhsys.config.v1.VhsysIntegrationAdmin']!.GetSettings!;
    expect(isMalformedRequest(wrapped.requestDeserialize(malformed))).toBe(true);
    expect(wrapped.requestDeserialize(valid)).toEqual({ accountId: 'acct_1' });
    expect(isMalformedRequest(wrapped.requestDeserialize(valid))).toBe(false);
    const credentials = definition['guru.vhsys.config.v1.VhsysCredentials']!.GetCredentials!;
    expect(isMalformedRequest(credentials.requestDeserialize(malformed))).toBe(true);
  });
});
