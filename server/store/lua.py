"""The Lua scripts. Rules stay in Python; Redis only guarantees "append and announce
once, in order". Each script is small: Redis runs it while every client waits."""

# KEYS: meta, log, ops, claim
# ARGV: expected seq, epoch, channel, publish payload, claimant ("" for none), number of meta
#       field/value pairs, the pairs..., number of ops, per op its key ("" for none) and how
#       many entries it wrote, then one encoded event per entry, op by op.
# Returns {1, last seq} committed | {0, current seq, entries} seq conflict, with the log
# entries after the expected seq (at most CONFLICT_TAIL of them), so that the loser of a race
# catches up without another round trip | {2, seq, op index} that op was committed before
# (nothing written) | {3} room missing or epoch changed | {4, ms} yielded: another
# committer holds the room's claim for at most that long.
# The claim is fairness between processes: a committer that keeps losing the race for a room
# names itself as claimant; its next conflict claims the room for CLAIM_MS, during which
# everyone else yields, and its commit releases it. Without it, the process that just won
# has its next batch at Redis first, every time, and a busy room can starve the other one.
CONFLICT_TAIL = 64
CLAIM_MS = 20
COMMIT = """
local expected = tonumber(ARGV[1])
local current = redis.call('HGET', KEYS[1], 'epoch')
if not current then
  if expected ~= 0 then return {3} end
  redis.call('HSET', KEYS[1], 'epoch', ARGV[2], 'seq', 0, 'snap_seq', 0)
elseif current ~= ARGV[2] then
  return {3}
end
local ops_at = 8 + 2 * tonumber(ARGV[6])
local n_ops = tonumber(ARGV[ops_at - 1])
for k = 0, n_ops - 1 do
  local op = ARGV[ops_at + 2 * k]
  if op ~= '' then
    local done = redis.call('HGET', KEYS[3], op)
    if done then return {2, tonumber(done), k} end
  end
end
local claim = redis.call('GET', KEYS[4])
if claim and claim ~= ARGV[5] then return {4, redis.call('PTTL', KEYS[4])} end
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq'))
if seq ~= expected then
  if ARGV[5] ~= '' then redis.call('SET', KEYS[4], ARGV[5], 'PX', CLAIM_MS) end
  return {0, seq, redis.call('XRANGE', KEYS[2], (expected + 1) .. '-0', '+', 'COUNT', CONFLICT_TAIL)}
end
if claim then redis.call('DEL', KEYS[4]) end
for i = 7, ops_at - 2, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
local i = ops_at + 2 * n_ops
for k = 0, n_ops - 1 do
  local op = ARGV[ops_at + 2 * k]
  local count = tonumber(ARGV[ops_at + 2 * k + 1])
  for j = 1, count do
    seq = seq + 1
    if j == count and op ~= '' then
      redis.call('XADD', KEYS[2], seq .. '-0', 'e', ARGV[i], 'o', op)
    else
      redis.call('XADD', KEYS[2], seq .. '-0', 'e', ARGV[i])
    end
    i = i + 1
  end
  if op ~= '' then redis.call('HSET', KEYS[3], op, seq) end
end
redis.call('HSET', KEYS[1], 'seq', seq)
redis.call('PUBLISH', ARGV[3], ARGV[4])
return {1, seq}
""".replace("CONFLICT_TAIL", str(CONFLICT_TAIL)).replace("CLAIM_MS", str(CLAIM_MS))

# KEYS: meta, log, snap
# ARGV: from seq (inclusive). Returns {meta as a flat list, snapshot or false, entries}
# atomically, so the snapshot and the log tail describe one moment.
LOAD = """
local meta = redis.call('HGETALL', KEYS[1])
if #meta == 0 then return false end
local snap = false
if tonumber(redis.call('HGET', KEYS[1], 'snap_seq')) > 0 then snap = redis.call('GET', KEYS[3]) end
local entries = redis.call('XRANGE', KEYS[2], ARGV[1] .. '-0', '+')
return {meta, snap, entries}
"""

# KEYS: meta, snap
# ARGV: epoch, seq, snapshot, then meta field/value pairs (token grants, code).
# Recreates a room whose keys Redis lost, from a process's memory, under a new epoch;
# returns 0 when the room exists (another process restored it first).
RESTORE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'seq', ARGV[2], 'snap_seq', ARGV[2])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('SET', KEYS[2], ARGV[3])
return 1
"""

# KEYS: meta, log, snap, ops
# ARGV: epoch, snapshot seq, encoded snapshot, keep-from seq (log entries below it go,
#       and with them their op ids). Returns 1 if written, 0 if stale.
SNAPSHOT = """
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
local at = tonumber(ARGV[2])
if at <= tonumber(redis.call('HGET', KEYS[1], 'snap_seq') or '0') then return 0 end
redis.call('SET', KEYS[3], ARGV[3])
redis.call('HSET', KEYS[1], 'snap_seq', at)
local keep = tonumber(ARGV[4])
if keep > 1 then
  local old = redis.call('XRANGE', KEYS[2], '-', (keep - 1) .. '-0')
  for _, entry in ipairs(old) do
    local fields = entry[2]
    for j = 1, #fields, 2 do
      if fields[j] == 'o' then redis.call('HDEL', KEYS[4], fields[j + 1]) end
    end
  end
  redis.call('XTRIM', KEYS[2], 'MINID', keep .. '-0')
end
return 1
"""

# KEYS: meta
# ARGV: channel, grant to revoke (e.g. `display`, `participant:p4`), new token field ('' for
#       none) and its grant. Removes every token holding that grant, adds the new one, and
#       announces the removed token fields so every process closes their sockets.
REVOKE = """
local meta = redis.call('HGETALL', KEYS[1])
if #meta == 0 then return false end
local removed = {}
for i = 1, #meta, 2 do
  if string.sub(meta[i], 1, 4) == 'tok:' and meta[i + 1] == ARGV[2] then
    redis.call('HDEL', KEYS[1], meta[i])
    table.insert(removed, meta[i])
  end
end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], ARGV[3], ARGV[4]) end
if #removed > 0 then redis.call('PUBLISH', ARGV[1], cmsgpack.pack({'revoked', removed})) end
return removed
"""

# KEYS: meta, log, snap, ops, presence
# ARGV: channel. Deletes every key of the room, announces it, and returns the join code
# (its index key lives outside the room's hash tag and is removed by the caller).
DELETE = """
local code = redis.call('HGET', KEYS[1], 'code')
local existed = redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
if existed == 0 then return false end
redis.call('PUBLISH', ARGV[1], cmsgpack.pack({'deleted'}))
return code or ''
"""

# KEYS: meta
# ARGV: channel, the new join code. Records it and announces it; returns the old code
# (whose index key, outside the room's hash tag, the caller removes).
RECODE = """
local old = redis.call('HGET', KEYS[1], 'code')
if not old then return false end
redis.call('HSET', KEYS[1], 'code', ARGV[2])
redis.call('PUBLISH', ARGV[1], cmsgpack.pack({'code', ARGV[2]}))
return old
"""

# KEYS: meta, presence
# ARGV: token field, presence field ('' for none), its expiry.
# Admits a connection already attached to its room: 1 if its token is still live, and
# then its presence entry is written in the same step; 0 (nothing written) if the token
# was revoked or the room deleted meanwhile.
ADMIT = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[2] ~= '' then redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) end
return 1
"""

# KEYS: presence
# ARGV: now, the expiry to write, then this process's presence fields.
# Renews those fields, drops every expired one (a crashed process's), and returns the
# fields still live.
REFRESH = """
local now = tonumber(ARGV[1])
for i = 3, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], ARGV[2]) end
local all = redis.call('HGETALL', KEYS[1])
local live = {}
for i = 1, #all, 2 do
  if tonumber(all[i + 1]) <= now then redis.call('HDEL', KEYS[1], all[i]) else table.insert(live, all[i]) end
end
return live
"""

# KEYS: meta, log, snap, ops, presence
# ARGV: seconds. Restarts the retention clock of every key of the room; returns the join
# code (its index key, outside the room's hash tag, the caller renews), false if none.
KEEP = """
for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
return redis.call('HGET', KEYS[1], 'code')
"""
