#!/bin/sh
# Runs the installed-API program against a real server:
#   run.sh <apogee tool> <consumer_app> <work dir>
# starts `apogee dev` on free ports with a fresh data directory, waits (at
# most 30 s) for its ready line, runs `consumer_app <namesrv>`, then stops the
# server with SIGTERM and expects it to exit 0 within 30 s. The server is
# killed on every other way out (failure, signal).
set -u
tool=$1
app=$2
work=$3
data=$work/dev-data
out=$work/dev.out
err=$work/dev.err
dev=

fail() {
  echo "run.sh: $*" >&2
  if [ -f "$err" ]; then
    echo "----- apogee dev stderr (tail) -----" >&2
    tail -n 40 "$err" >&2
  fi
  exit 1
}

cleanup() {
  if [ -n "$dev" ] && kill -0 "$dev" 2>/dev/null; then
    kill -KILL "$dev" 2>/dev/null
    wait "$dev" 2>/dev/null
  fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

rm -rf "$data"
mkdir -p "$data" || fail "cannot create $data"
"$tool" dev --data-dir "$data" --namesrv-port 0 --broker-port 0 >"$out" 2>"$err" &
dev=$!

# The ready line: apogee dev ready: namesrv=127.0.0.1:<port> broker=... data=...
deadline=$(($(date +%s) + 30))
namesrv=
while [ -z "$namesrv" ]; do
  namesrv=$(sed -n 's/^apogee dev ready: namesrv=\([^ ]*\) .*/\1/p' "$out")
  [ -n "$namesrv" ] && break
  kill -0 "$dev" 2>/dev/null || fail "apogee dev exited before its ready line"
  [ "$(date +%s)" -lt "$deadline" ] || fail "apogee dev printed no ready line in 30 s"
  sleep 0.05
done
echo "apogee dev is up: namesrv=$namesrv"

"$app" "$namesrv" || fail "consumer_app failed against apogee dev (exit $?)"

# Stop the server and wait (at most 30 s) until it has exited: `kill -0`
# also succeeds on a zombie, so look at its process state.
kill -TERM "$dev"
deadline=$(($(date +%s) + 30))
while state=$(ps -o stat= -p "$dev") && [ "${state#Z}" = "$state" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "apogee dev did not stop within 30 s of SIGTERM"
  sleep 0.05
done
wait "$dev"
rc=$?
dev=
[ "$rc" -eq 0 ] || fail "apogee dev ended with status $rc after SIGTERM"
echo "apogee dev stopped"
