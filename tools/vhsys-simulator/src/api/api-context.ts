import type { SimulatorState } from '../state/simulator-state';
import type { VhsysAccount } from '../state/vhsys-account';

/** Everything a Vhsys endpoint handler may look at. */
export interface ApiContext {
  state: SimulatorState;
  account: VhsysAccount;
  /** Path parameters by their template name, e.g. { id_ped: "15579150" }. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  now: Date;
  /** `now` as a Brasília timestamp. */
  nowText: string;
}

export interface ApiReply {
  status: number;
  /** JSON body, or raw text when `contentType` is set. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export type ApiHandler = (ctx: ApiContext) => ApiReply;
