import type { Kafka, Admin } from 'kafkajs';
import type { HealthCheck } from './health';

/**
 * Remembers a check's answer for `ttlMs`, so frequent probes (Kubernetes, the load balancer,
 * Prometheus) do not each cost a round trip to the dependency.
 */
export function cachedCheck(check: HealthCheck, ttlMs = 5000): HealthCheck {
  let last: { at: number; value: boolean } | null = null;
  let pending: Promise<boolean> | null = null;
  return async () => {
    if (last && Date.now() - last.at < ttlMs) return last.value;
    pending ??= (async () => {
      try {
        return Boolean(await check());
      } catch {
        return false;
      } finally {
        pending = null;
      }
    })();
    const value = await pending;
    last = { at: Date.now(), value };
    return value;
  };
}

/**
 * "Kafka connected": the cluster answers a metadata request (admin.describeCluster) within
 * `timeoutMs`. One admin connection is kept and re-created after a failure; answers are cached.
 */
export function kafkaReachableCheck(kafka: Kafka, options: { timeoutMs?: number; ttlMs?: number } = {}): HealthCheck & { close(): Promise<void> } {
  let admin: Admin | null = null;
  const timeoutMs = options.timeoutMs ?? 3000;
  const probe = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      if (!admin) {
        admin = kafka.admin();
        await admin.connect();
      }
      const current = admin;
      const described = await Promise.race([
        current.describeCluster().then((c) => c.brokers.length > 0),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
      if (!described) throw new Error('no answer');
      return true;
    } catch {
      const broken = admin;
      admin = null;
      await broken?.disconnect().catch(() => undefined);
      return false;
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
  const check = cachedCheck(probe, options.ttlMs ?? 5000) as HealthCheck & { close(): Promise<void> };
  check.close = async () => {
    const current = admin;
    admin = null;
    await current?.disconnect().catch(() => undefined);
  };
  return check;
}
