'use strict';
// Runs an ali-ons push consumer (clustering) on --topic with --expr until the
// driver writes "close" on stdin (or closes stdin); then closes it gracefully,
// which commits its offsets to the broker, and exits.
//   --fail-keys k1,k2: the listener throws on the first delivery
//   (reconsumeTimes 0) of those keys, so they come back through %RETRY%<group>.
// Prints:
//   {event:"assigned", topic, queues}  after each rebalance that changed queues
//   {event:"pulled", ...}  every message a pull returned (before ali-ons' own
//                          tag filter, so broker-side filtering is visible)
//   {event:"msg", failed, ...}  every listener call
//   {event:"error", message, closing}  every error the consumer reports
//                                      (closing: after "close" was asked for)
//   {event:"closed"}            after close()
const readline = require('readline');
const { Consumer } = require('ali-ons');
const { parseArgs, emit, exit, clientOptions, describe, fail } = require('./common');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const failKeys = new Set((args['fail-keys'] || '').split(',').filter(Boolean));
  const consumer = new Consumer(Object.assign(clientOptions(args), {
    consumerGroup: args.group,
    // Faster than the defaults (30 s, 10 s, 5 s, 3 s) so tests take seconds.
    pollNameServerInteval: 2000,
    rebalanceInterval: 2000,
    persistConsumerOffsetInterval: 1000,
    pullTimeDelayMillsWhenException: 500,
  }));
  let closing = false;
  consumer.on('error', err => {
    emit({ event: 'error', message: err.message, closing });
    console.error(err);
  });

  // Report what the broker returned before ali-ons filters it by tag.
  const pullKernelImpl = consumer.pullKernelImpl.bind(consumer);
  consumer.pullKernelImpl = async (...pullArgs) => {
    const result = await pullKernelImpl(...pullArgs);
    for (const m of result.msgFoundList || []) emit(Object.assign({ event: 'pulled' }, describe(m)));
    return result;
  };

  const watched = [ args.topic, `%RETRY%${args.group}` ];
  for (const topic of watched) {
    consumer.on(`topic_${topic}_queue_changed`, () => {
      const queues = [];
      for (const { messageQueue } of consumer.processQueueTable.values()) {
        if (messageQueue.topic === topic) queues.push(messageQueue.queueId);
      }
      emit({ event: 'assigned', topic, queues: queues.sort() });
    });
  }

  consumer.subscribe(args.topic, args.expr || '*', async msg => {
    const failed = failKeys.has(msg.keys) && msg.reconsumeTimes === 0;
    emit(Object.assign({ event: 'msg', failed }, describe(msg)));
    if (failed) throw new Error(`interop: planned failure of ${msg.keys}`);
  });
  await consumer.ready();
  emit({ event: 'ready' });

  const close = async () => {
    if (closing) return;
    closing = true;
    await consumer.close();
    emit({ event: 'closed' });
    exit(0);
  };
  const input = readline.createInterface({ input: process.stdin });
  input.on('line', line => { if (line.trim() === 'close') close().catch(fail); });
  input.on('close', () => close().catch(fail));
}

main().catch(fail);
