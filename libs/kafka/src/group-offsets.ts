import { Kafka } from 'kafkajs';

/**
 * Commits a consumer group's offsets at the current end of its topics (`topics`: one or every
 * topic the group reads), so the group's first member starts with what is produced from now on.
 * The group must have no running member. (kafkajs's admin.resetOffsets returns before anything is
 * committed, so a short-lived member of the group commits the offsets explicitly instead.)
 */
export async function commitGroupAtEnd(kafka: Kafka, groupId: string, topics: string | string[]): Promise<void> {
  const names = typeof topics === 'string' ? [topics] : topics;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(names.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })))
    .finally(() => admin.disconnect());
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.connect();
  try {
    for (const topic of names) await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    const deadline = Date.now() + 30000;
    while (!joined) {
      if (Date.now() > deadline) throw new Error(`could not join group ${groupId} to commit its offsets`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await consumer.commitOffsets(ends.flatMap(({ topic, offsets }) => offsets.map((p) => ({ topic, partition: p.partition, offset: p.high }))));
  } finally {
    await consumer.disconnect();
  }
}
