import { SERVICE_NODE_FLAGS, serviceNodeFlags } from './service-process';

describe('serviceNodeFlags', () => {
  it('gives the services the heap cap of their Docker images', () => {
    expect(SERVICE_NODE_FLAGS).toContain('--max-old-space-size=256');
    expect(serviceNodeFlags('services/invoice-dispatcher/src/main.ts', {})).toEqual([...SERVICE_NODE_FLAGS]);
  });

  it('leaves tools (the Vhsys simulator keeps every order in memory) unlimited', () => {
    expect(serviceNodeFlags('tools/vhsys-simulator/src/main.ts', {})).toEqual([]);
  });

  it('yields to a NODE_OPTIONS that sets the same flag', () => {
    expect(serviceNodeFlags('services/mapping-service/src/main.ts', { NODE_OPTIONS: '--max-old-space-size=512' })).toEqual([]);
    expect(serviceNodeFlags('services/mapping-service/src/main.ts', { NODE_OPTIONS: '--max_old_space_size=512' })).toEqual([]);
    expect(serviceNodeFlags('services/mapping-service/src/main.ts', { NODE_OPTIONS: '--require x.js' })).toEqual([...SERVICE_NODE_FLAGS]);
  });
});
