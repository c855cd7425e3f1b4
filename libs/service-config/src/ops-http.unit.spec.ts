import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { checkOpsHttpToken, isLoopbackHost, opsHttpToken } from './ops-http';

const schema = z.object({ HTTP_HOST: z.string().default('127.0.0.1'), OPS_HTTP_TOKEN: opsHttpToken() }).superRefine(checkOpsHttpToken);
const problemsOf = (source: Record<string, string>): string[] => {
  try {
    loadConfig('svc', schema as unknown as z.ZodObject<z.ZodRawShape>, source);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
};

describe('OPS_HTTP_TOKEN', () => {
  it('knows the loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'].map(isLoopbackHost)).toEqual([true, true, true, true, true, true]);
    expect(['0.0.0.0', '::', '10.0.0.5', 'config-service', '128.0.0.1'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });

  it('is optional on loopback and required on any other bind address', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ HTTP_HOST: '0.0.0.0' })).toEqual([
      'OPS_HTTP_TOKEN: is required when HTTP_HOST is not a loopback address (/metrics and the other ops routes must not be open to the network)',
    ]);
    expect(problemsOf({ HTTP_HOST: '0.0.0.0', OPS_HTTP_TOKEN: 'a-long-enough-ops-token' })).toEqual([]);
    expect(problemsOf({ HTTP_HOST: '0.0.0.0', OPS_HTTP_TOKEN: '' })).toHaveLength(1);
    expect(problemsOf({ OPS_HTTP_TOKEN: 'short' })).toEqual(['OPS_HTTP_TOKEN: must be 16-512 visible ASCII characters']);
  });
});
