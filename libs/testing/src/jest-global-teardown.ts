export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __GV_CONTAINERS__?: { stop(): Promise<unknown> }[] }).__GV_CONTAINERS__ ?? [];
  for (const container of started.reverse()) await container.stop();
}
