'use strict';
// Sends --count messages to --topic with ali-ons' Producer.
//   key  = <prefix>-<i>, body = <prefix>-body-<i>, tag = the i-th of --tags
//   (comma-separated, cycled; empty: no tag).
//   --props k1=v1,k2=v2: user properties on every message.
//   --body-size n: the body is padded to n bytes (text, so ali-ons compresses
//   it at 4 KiB and more).
//   --sharding-keys n --queues q: message i gets the (i % n)-th of n sharding
//   keys; ali-ons then sends all messages of one sharding key to one queue of
//   the topic's q (the md5 of the key modulo q picks it), in the order sent.
//   Keys that would pick the first queue are skipped: ali-ons 3.12.0 reads
//   queue id 0 as "no sharding" (`queueIds[index] || ''`) and sends those
//   round robin (docs/interop.md).
// Prints {event:"sent", ...} per message, then {event:"done"}, and exits.
const crypto = require('crypto');
const { Producer, Message } = require('ali-ons');
const { parseArgs, emit, exit, clientOptions, fail } = require('./common');

// The first n names <prefix>-sk-<j> that ali-ons does not send to queue 0.
function shardingKeys(prefix, n, queues) {
  const keys = [];
  for (let j = 0; keys.length < n; j++) {
    const key = `${prefix}-sk-${j}`;
    if (crypto.createHash('md5').update(key).digest().readUInt32BE() % queues !== 0) keys.push(key);
  }
  return keys;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const count = Number(args.count || 1);
  const tags = (args.tags || '').split(',');
  const prefix = args.prefix || 'm';
  const bodySize = Number(args['body-size'] || 0);
  const shards = shardingKeys(prefix, Number(args['sharding-keys'] || 0), Number(args.queues));
  const props = {};
  for (const pair of (args.props || '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const producer = new Producer(Object.assign(clientOptions(args), {
    producerGroup: args.group || 'interop_producer',
  }));
  await producer.ready();
  for (let i = 0; i < count; i++) {
    const tag = tags[i % tags.length] || null;
    const key = `${prefix}-${i}`;
    let body = `${prefix}-body-${i}`;
    for (let n = 0; body.length < bodySize; n++) body += ` ${n}`;
    if (bodySize) body = body.slice(0, bodySize);
    const msg = tag ? new Message(args.topic, tag, body) : new Message(args.topic, body);
    msg.keys = [key];
    Object.assign(msg.properties, props);
    if (shards.length) msg.shardingKey = shards[i % shards.length];
    const r = await producer.send(msg);
    emit({ event: 'sent', key, tags: tag, body, status: r.sendStatus, msgId: r.msgId,
      queueId: Number(r.messageQueue.queueId), queueOffset: r.queueOffset });
  }
  await producer.close();
  emit({ event: 'done', count });
  exit(0);
}

main().catch(fail);
