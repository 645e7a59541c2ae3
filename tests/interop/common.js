'use strict';
// Helpers shared by the interop scripts. Every script prints one JSON object
// a line on stdout (the C++ driver in interop_test.cc reads them) and its
// diagnostics on stderr.

// "--key value" pairs into an object.
function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`bad argument list near ${argv[i]}`);
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

// Exits once everything emitted has reached the pipe. A write to a full pipe
// (a line with a 64 KiB body) is finished asynchronously, and process.exit()
// right after it would drop the rest; the callback of an empty write runs
// after the writes before it.
function exit(code) {
  process.stdout.write('', () => process.exit(code));
}

const logger = {
  debug() {},
  info() {},
  warn(...args) { console.error('[ali-ons warn]', ...args); },
  error(...args) { console.error('[ali-ons error]', ...args); },
};

// Options every ali-ons client needs to talk to a plain name server: nameSrv
// (not namesrvAddr) and an httpclient object that is asserted but never used
// once nameSrv is set (docs/interop.md).
function clientOptions(args) {
  if (!args.namesrv) throw new Error('--namesrv host:port is required');
  return { nameSrv: args.namesrv, httpclient: {}, logger };
}

// The fields of a received message the driver checks.
function describe(msg) {
  return {
    topic: msg.topic,
    tags: msg.tags || null,
    keys: msg.keys || null,
    body: msg.body ? msg.body.toString() : null,
    msgId: msg.msgId,
    queueId: msg.queueId,
    queueOffset: msg.queueOffset,
    reconsumeTimes: msg.reconsumeTimes,
    retryTopic: msg.retryTopic || null,
    originMsgId: msg.originMessageId || null,
    sysFlag: msg.sysFlag,
    // Every property as ali-ons decoded it: system ones (TAGS, KEYS,
    // UNIQ_KEY, ...) and user ones.
    properties: msg.properties || {},
  };
}

function fail(err) {
  emit({ event: 'fatal', message: String(err && err.stack || err) });
  console.error(err);
  exit(1);
}

module.exports = { parseArgs, emit, exit, clientOptions, describe, fail };
