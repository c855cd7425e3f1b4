import { Agent } from 'undici';

export interface VhsysAgentOptions {
  /** Keep-alive sockets per origin (default 16). */
  connections?: number;
  /** Idle time before a pooled socket is closed (default 4 s, under typical server keep-alive). */
  keepAliveTimeoutMs?: number;
  /** TCP/TLS connect timeout (default 5 s). */
  connectTimeoutMs?: number;
}

/**
 * One keep-alive pool meant to be shared by every VhsysClient of a process (clients are per account,
 * the host is the same). No pipelining: a write must never queue behind a request that may hang.
 */
export function createVhsysAgent(options: VhsysAgentOptions = {}): Agent {
  return new Agent({
    connections: options.connections ?? 16,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    keepAliveMaxTimeout: 60_000,
    connect: { timeout: options.connectTimeoutMs ?? 5_000 },
  });
}

let sharedAgent: Agent | null = null;

/** The process-wide agent used by clients constructed without `agent`. */
export function sharedVhsysAgent(): Agent {
  if (sharedAgent === null || sharedAgent.closed || sharedAgent.destroyed) sharedAgent = createVhsysAgent();
  return sharedAgent;
}

/** Closes the process-wide agent (on shutdown). */
export async function closeSharedVhsysAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = null;
  if (agent && !agent.closed) await agent.close();
}
