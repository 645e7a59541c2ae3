'use strict';
// Sends --count messages to --topic with ali-ons' Producer.
//   key  = <prefix>-<i>, body = <prefix>-body-<i>, tag = the i-th of --tags
//   (comma-separated, cycled; empty: no tag).
// Prints {event:"sent", ...} per message, then {event:"done"}, and exits.
const { Producer, Message } = require('ali-ons');
const { parseArgs, emit, clientOptions, fail } = require('./common');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const count = Number(args.count || 1);
  const tags = (args.tags || '').split(',');
  const prefix = args.prefix || 'm';
  const producer = new Producer(Object.assign(clientOptions(args), {
    producerGroup: args.group || 'interop_producer',
  }));
  await producer.ready();
  for (let i = 0; i < count; i++) {
    const tag = tags[i % tags.length] || null;
    const key = `${prefix}-${i}`;
    const body = `${prefix}-body-${i}`;
    const msg = tag ? new Message(args.topic, tag, body) : new Message(args.topic, body);
    msg.keys = [key];
    const r = await producer.send(msg);
    emit({ event: 'sent', key, tags: tag, body, status: r.sendStatus, msgId: r.msgId,
      queueId: Number(r.messageQueue.queueId), queueOffset: r.queueOffset });
  }
  await producer.close();
  emit({ event: 'done', count });
  process.exit(0);
}

main().catch(fail);
