import { decodeJson, InboundMessage } from '../src';

/**
 * A handler that halts its partition on demand, for the runner's halt tests: a message named
 * `slow` waits until `release()`, the first one named `down` fails as if PostgreSQL were
 * unreachable (an infrastructure error: the partition halts and is rewound), and every message
 * handled is recorded by name in `handled`.
 */
export interface HaltingHandler {
  handler: (message: InboundMessage) => Promise<void>;
  release: () => void;
  /** Whether `down` has failed (the partition is halted from then on, until rewound). */
  readonly downFailed: boolean;
  readonly handled: string[];
}

export function haltingHandler(): HaltingHandler {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  let downFailed = false;
  const handled: string[] = [];
  return {
    handled,
    release: () => release(),
    get downFailed() {
      return downFailed;
    },
    handler: async (message) => {
      const { name } = decodeJson(message.value) as { name: string };
      if (name === 'slow') await gate;
      if (name === 'down' && !downFailed) {
        downFailed = true;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
      handled.push(name);
    },
  };
}
