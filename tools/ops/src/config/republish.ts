import type { OpsContext } from '../context';
import { callConfigService } from './config-service-http';

/** The route config-service is asked to serve for this command (see docs/operations.md). */
export const REPUBLISH_PATH = '/v1/admin/republish';

export interface RepublishResult {
  status: number;
  body: unknown;
}

/**
 * `config republish`: asks config-service to publish the current settings snapshot of one account
 * (or of every account) to `vhsys.integration-config.v1` again, through its outbox. Useful after a
 * topic was re-created, compaction lost a key, or a consumer's view must be rebuilt.
 */
export async function configRepublish(ctx: OpsContext, options: { account: string | null; json?: boolean }, fetchImpl: typeof fetch = fetch): Promise<RepublishResult> {
  const { status, body } = await callConfigService(ctx, 'POST', REPUBLISH_PATH, options.account ? { accountId: options.account } : {}, fetchImpl);
  ctx.out(options.json ? JSON.stringify(body, null, 2) : `config-service accepted the republish${options.account ? ` of account ${options.account}` : ' of every account'}: ${JSON.stringify(body)}`);
  return { status, body };
}
