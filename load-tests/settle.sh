#!/usr/bin/env bash
# Redis time of the limiter's settle script: this tree's RedisLimitScripts.SettleBatch against BASE's (default e8b1317,
# the last one without the settled marks that make a settle sent twice count once), on one redis-server started here
# on 127.0.0.1. Alternating rounds: reserve 128 reservations of three lines with the Reserve script (pipelined), then
# settle them in one call of either script; prints the round trip per settle (the call's time / 128) for each.
#   load-tests/settle.sh                # SETTLE_ROUNDS=200 BASE=e8b1317
set -euo pipefail
cd "$(dirname "$0")/.."
source load-tests/lib.sh
ensure_tools redis-server python3 git
ROUNDS=${SETTLE_ROUNDS:-200}
BASE=${BASE:-e8b1317}
WORK=$(mktemp -d)
git show "$BASE:src/Gateway/Accounts/Limits/RedisLimitScripts.cs" > "$WORK/base.cs"
cp src/Gateway/Accounts/Limits/RedisLimitScripts.cs "$WORK/this.cs"
PORT=$(free_port)
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 & PIDS+=($!)
for _ in $(seq 1 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
python3 - "$PORT" "$ROUNDS" "$WORK/base.cs" "$WORK/this.cs" <<'PY'
import random, re, socket, sys, time
port, rounds, base_file, this_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]

def script(path, name):
    # A script may start with the RedisNow prelude (RedisNow + """...""").
    text = open(path).read()
    match = re.search(r'public const string %s = (RedisNow \+ )?"""\n(.*?)\n\s*""";' % name, text, re.S)
    prelude = re.search(r'private const string RedisNow = """\n(.*?)\n\s*""";', text, re.S).group(1) + '\n' if match.group(1) else ''
    return prelude + match.group(2)

sock = socket.create_connection(('127.0.0.1', port))
replies = sock.makefile('rb')

def encode(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)

def read():
    line = replies.readline()
    kind, rest = line[:1], line[1:-2]
    if kind == b'-':
        raise RuntimeError(rest.decode())
    if kind in (b'+', b':'):
        return rest
    if kind == b'$':
        return None if int(rest) < 0 else replies.read(int(rest) + 2)[:-2]
    return [read() for _ in range(int(rest))]

def send(*commands):
    sock.sendall(b''.join(encode(*c) for c in commands))
    return [read() for _ in commands]

sha = {name: send(['SCRIPT', 'LOAD', body])[0].decode() for name, body in
       (('base', script(base_file, 'SettleBatch')), ('this', script(this_file, 'SettleBatch')), ('reserve', script(this_file, 'Reserve')))}
marked = 'KEYS[3]' in script(this_file, 'SettleBatch'), 'KEYS[3]' in script(base_file, 'SettleBatch')
tag = '{gwl:o:bench}'
counters = [tag + ':tokens', tag + ':usd', tag + ':requests']
now = int(time.time() * 1000)
send(['SET', tag + ':loaded:key', '1'])

def reserve(n):
    ids = ['r%x' % random.getrandbits(64) for _ in range(n)]
    lines = [a for _ in counters for a in (10**15, 100, now + 86_400_000)]
    send(*[['EVALSHA', sha['reserve'], 6, tag + ':pending', tag + ':held', tag + ':loaded:key', *counters, now, i, now + 600_000, 1, 3, *lines] for i in ids])
    return ids

def settle(which, ids):
    with_marks = marked[0] if which == 'this' else marked[1]
    keys = [tag + ':pending', tag + ':held'] + ([tag + ':settled'] if with_marks else [])
    first = len(keys) + 1
    args = [len(ids)] + ([60_000] if with_marks else [])
    for i in ids:
        args += [i, 3] + [a for k in range(3) for a in (first + k, 100, 37, now + 86_400_000)]
    started = time.perf_counter_ns()
    send(['EVALSHA', sha[which], len(keys) + len(counters), *keys, *counters, *args])
    return time.perf_counter_ns() - started

spent = {'base': 0, 'this': 0}
for r in range(rounds):
    for which in (('base', 'this') if r % 2 == 0 else ('this', 'base')):
        spent[which] += settle(which, reserve(128))
per = {w: spent[w] / (rounds * 128) / 1000 for w in spent}
print('settle script, %d alternating rounds of 128: base %.2f us per settle, this tree %.2f us (%.2fx)' % (rounds, per['base'], per['this'], per['this'] / per['base']))
PY
rm -rf "$WORK"
