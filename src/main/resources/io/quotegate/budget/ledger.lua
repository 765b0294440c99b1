-- The shared ledger: every operation on one provider's windows in one atomic step (RedisLedger).
-- It mirrors MemoryLedger / LimitRule / Shares.decide / sync / fillMinute exactly, reason texts included.
-- Every key below shares the provider's hash tag {<cluster>:<provider>}, so the script runs unchanged on a
-- Redis Cluster or Valkey: one provider's keys always live in one slot.
--
-- KEYS[1..3]: the provider's current minute, day and month hashes (field "_t" = total, other fields = feeds),
--             named by the window's start, so a new window is simply a new key
-- KEYS[4..6]: the next minute, day and month: spends within the edge guard of a window's end count there too
-- KEYS[7]:    the provider's decision log (a capped list, newest last)
-- KEYS[8]:    the provider's ban (until when, as text), set by 'ban', expiring with it
-- KEYS[9]:    the provider's generation: g = the generation of these counts (written when they were first
--             created, and again by every re-seed from PostgreSQL); n, d, m = the start of the latest minute,
--             day and month window written, so that a window key that vanished (eviction) is noticed
-- ARGV[1]:    operation: usage | reserve | sync | hold | log | ban | add | raise | reseed | check
-- ARGV[2..7]: time to live in ms of KEYS[1..6] (real time: keys expire after their window)
-- ARGV[8]:    the decision record's head: at, provider, feed, purpose joined by \31
-- ARGV[9]:    how many decisions the log keeps
-- ARGV[10]:   the generation the caller knows
-- ARGV[11..13]: the current windows' starts (model epoch ms, as in the key names)
-- ARGV[14..16]: '1' for each window whose next one this operation also counts in (the edge guard), else '0'
-- ARGV[17..]: the operation's own arguments
local op = ARGV[1]
local labels = {'minute', 'day', 'month'}
local markers = {'n', 'd', 'm'}
local head = ARGV[8]
local cap = tonumber(ARGV[9])
local X = 16 -- ARGV[X + k] is the operation's k-th argument

local function total(i) return tonumber(redis.call('HGET', KEYS[i], '_t') or '0') end
local function used(i, f) return tonumber(redis.call('HGET', KEYS[i], f) or '0') end
local function fmt(x) return string.format('%d', x) end
local function guarded(i) return ARGV[13 + i] == '1' end
local function mark(i)
  -- the latest current window of this kind that holds counts (only current windows are marked)
  if i > 3 then return end
  local known = tonumber(redis.call('HGET', KEYS[9], markers[i]) or '0')
  if tonumber(ARGV[10 + i]) > known then redis.call('HSET', KEYS[9], markers[i], ARGV[10 + i]) end
end
local function bump(i, f, n)
  redis.call('HINCRBY', KEYS[i], '_t', n)
  redis.call('HINCRBY', KEYS[i], f, n)
  redis.call('PEXPIRE', KEYS[i], ARGV[1 + i])
  mark(i)
end
-- counts n credits of feed f in window i, and in the next one when the edge guard says so
local function add(i, f, n)
  bump(i, f, n)
  if guarded(i) then bump(i + 3, f, n) end
end
local function push(credits, decision, reason)
  redis.call('RPUSH', KEYS[7], head .. '\31' .. fmt(credits) .. '\31' .. decision .. '\31' .. reason)
  redis.call('LTRIM', KEYS[7], -cap, -1)
  redis.call('PEXPIRE', KEYS[7], ARGV[4]) -- a month after the last decision
end

-- The generation: missing means Redis lost this provider's counts (restarted empty, flushed, evicted): nothing is
-- decided until a replica has re-seeded them from PostgreSQL. Another generation means one did meanwhile.
local function generation()
  local g = redis.call('HGET', KEYS[9], 'g')
  if not g then return {'reseed', 0, 'Redis holds no generation of these counts'} end
  if g ~= ARGV[10] then return {'generation', 0, g} end
  for i = 1, 3 do
    if redis.call('HGET', KEYS[9], markers[i]) == ARGV[10 + i] and redis.call('EXISTS', KEYS[i]) == 0 then
      return {'reseed', i, 'the ' .. labels[i] .. ' window vanished from Redis'}
    end
  end
  return nil
end

local function totals() return {total(1), total(2), total(3)} end

if op == 'usage' then
  local g = redis.call('HGET', KEYS[9], 'g') or ''
  local out = {g}
  for i = 1, 6 do out[i + 1] = redis.call('HGETALL', KEYS[i]) end
  return out
end

if op == 'reseed' then
  -- ARGV[X+1]: the new generation; ARGV[X+2]: '1' when Redis lost counts PostgreSQL had ('0': first created);
  -- ARGV[X+3]: how many entries; then (key index, field, value) triples. Each field becomes at least its value
  -- (never lower), then the generation is written: only then do the other operations decide again.
  local n = tonumber(ARGV[X + 3])
  for k = 0, n - 1 do
    local i = tonumber(ARGV[X + 4 + 3 * k])
    local f = ARGV[X + 5 + 3 * k]
    local v = tonumber(ARGV[X + 6 + 3 * k])
    local now = tonumber(redis.call('HGET', KEYS[i], f) or '0')
    if v > now then redis.call('HSET', KEYS[i], f, fmt(v)) end
    redis.call('PEXPIRE', KEYS[i], ARGV[1 + i])
  end
  redis.call('HSET', KEYS[9], 'g', ARGV[X + 1])
  for i = 1, 3 do
    if redis.call('EXISTS', KEYS[i]) == 1 then mark(i) end
  end
  if ARGV[X + 2] == '1' then
    push(0, 'reseeded', 'generation ' .. ARGV[X + 1] .. ': counts restored from PostgreSQL after Redis lost them')
  end
  return {'ok', 0, ARGV[X + 1]}
end

local stale = generation()
if stale then return stale end

if op == 'check' then
  -- whether these counts need a re-seed: answered above when they do
  return {'ok', 0, ARGV[10]}
end

if op == 'ban' then
  -- ARGV[X+1]: until (text), ARGV[X+2]: for how many ms
  redis.call('SET', KEYS[8], ARGV[X + 1], 'PX', ARGV[X + 2])
  push(0, 'banned', 'the provider refuses calls until ' .. ARGV[X + 1] .. ': no replica spends before then')
  return {'ok', 0, ''}
end

if op == 'log' then
  -- ARGV[X+1..X+3]: credits, decision, reason of a decision taken without the windows (no budget configured)
  push(tonumber(ARGV[X + 1]), ARGV[X + 2], ARGV[X + 3])
  return {'ok', 0, ''}
end

if op == 'add' then
  -- Spends granted alone while Redis was away: ARGV[X+1] = how many, then (feed, credits, flags) triples; flags
  -- has six characters, '1' for each of KEYS[1..6] the spend counts in (windows that are over are left out).
  local n = tonumber(ARGV[X + 1])
  for k = 0, n - 1 do
    local f, c, flags = ARGV[X + 2 + 3 * k], tonumber(ARGV[X + 3 + 3 * k]), ARGV[X + 4 + 3 * k]
    for i = 1, 6 do
      if string.sub(flags, i, i) == '1' then bump(i, f, c) end
    end
  end
  return {'ok', 0, ''}
end

if op == 'raise' then
  -- ARGV[X+1..X+3]: the least each current window must hold (-1: no claim). A replica saw these counts: Redis
  -- lost acknowledged writes (a fail-over), and a count never goes down because a store lost it.
  for i = 1, 3 do
    local v = tonumber(ARGV[X + i])
    local t = total(i)
    if v > t then
      bump(i, '(restored)', v - t)
      push(v - t, 'restored', labels[i] .. ' count restored from ' .. fmt(t) .. ' to ' .. fmt(v)
        .. ': a replica had seen it, Redis lost the writes')
    end
  end
  return {'ok', 0, '', total(1), total(2), total(3)}
end

if op == 'hold' then
  -- ARGV[X+1]: the per-minute limit
  local missing = tonumber(ARGV[X + 1]) - total(1)
  if missing > 0 then
    bump(1, '(reported)', missing)
    push(missing, 'held', 'the provider says this minute is used up: no more calls before the next one')
  end
  return {'ok', 0, ''}
end

if op == 'sync' then
  -- ARGV[X+1..X+3]: the provider's reported usage per window, -1 when it said nothing about one
  for i = 1, 3 do
    local v = tonumber(ARGV[X + i])
    if v >= 0 then
      local t = total(i)
      if v > t then
        local missing = v - t
        push(missing, 'raised', labels[i] .. ' count raised from ' .. fmt(t) .. ' to ' .. fmt(v) .. " by the provider's own report")
        for j = i, 3 do bump(j, '(reported)', missing) end
      end
    end
  end
  return {'ok', 0, ''}
end

-- reserve
-- ARGV[X+1]: feed, ARGV[X+2]: credits, ARGV[X+3]: priority (critical | normal | warm-up: a first snapshot, held
--            only to the hard limits like a critical feed)
-- ARGV[X+4..X+6]: limits per minute, day, month (-1 when not set)
-- ARGV[X+7..X+9]: warn-at, degrade-at, critical-only-at
-- ARGV[X+10]: the number of shares n, then n triples (feed, share, next slot cost) from ARGV[X+11]
local feed = ARGV[X + 1]
local c = tonumber(ARGV[X + 2])
local critical = ARGV[X + 3] == 'critical' or ARGV[X + 3] == 'warm-up'
local limits = {tonumber(ARGV[X + 4]), tonumber(ARGV[X + 5]), tonumber(ARGV[X + 6])}
local warnAt, degradeAt, criticalAt = tonumber(ARGV[X + 7]), tonumber(ARGV[X + 8]), tonumber(ARGV[X + 9])
local n = tonumber(ARGV[X + 10])
local S = X + 11 -- ARGV[S + 3k .. S + 3k + 2]: share k

local function decide(kind, window, reason)
  push(c, kind, reason)
  local t = totals()
  return {kind, window, reason, t[1], t[2], t[3]}
end

local banned = redis.call('GET', KEYS[8])
if banned then
  return decide('denied', 0, 'the provider refuses calls until ' .. banned .. ' (a ban or Retry-After seen by a replica)')
end

local totals0 = totals()
for _, i in ipairs({3, 2}) do
  if limits[i] >= 0 and totals0[i] + c > limits[i] then
    return decide('denied', i, labels[i] .. ' limit ' .. fmt(limits[i]) .. ' reached: used ' .. fmt(totals0[i]) .. ', needs ' .. fmt(c))
  end
end
for _, i in ipairs({3, 2}) do
  if limits[i] >= 0 and guarded(i) and total(i + 3) + c > limits[i] then
    return decide('denied', i, 'next ' .. labels[i] .. "'s limit " .. fmt(limits[i]) .. ' reached: used ' .. fmt(total(i + 3))
      .. ', needs ' .. fmt(c) .. ' (a spend this close to the ' .. labels[i] .. "'s end may reach the provider in the next one)")
  end
end
if limits[1] >= 0 then
  if c > limits[1] then
    return decide('denied', 1, 'a call of ' .. fmt(c) .. ' credits exceeds the per-minute limit ' .. fmt(limits[1]))
  end
  if totals0[1] + c > limits[1] then
    return decide('wait', 1, 'minute full: used ' .. fmt(totals0[1]) .. ' of ' .. fmt(limits[1]) .. ', needs ' .. fmt(c))
  end
  if guarded(1) and total(4) + c > limits[1] then
    return decide('wait-next', 1, 'next minute full: used ' .. fmt(total(4)) .. ' of ' .. fmt(limits[1]) .. ', needs ' .. fmt(c)
      .. " (a spend this close to the minute's end may reach the provider in the next one)")
  end
end

local fraction = 0
for _, i in ipairs({3, 2}) do
  if limits[i] >= 0 then fraction = math.max(fraction, totals0[i] / limits[i]) end
end
local state, rank
if fraction >= 1.0 then state, rank = 'exhausted', 4
elseif fraction >= criticalAt then state, rank = 'critical', 3
elseif fraction >= degradeAt then state, rank = 'degraded', 2
elseif fraction >= warnAt then state, rank = 'warn', 1
else state, rank = 'ok', 0 end

if rank >= 3 and not critical then
  return decide('denied', 0, 'provider is ' .. state .. ': only critical feeds spend')
end

if n > 0 then
  local own = 0
  for k = 0, n - 1 do
    if ARGV[S + 3 * k] == feed then own = tonumber(ARGV[S + 1 + 3 * k]) end
  end
  for _, i in ipairs({3, 2}) do
    if limits[i] >= 0 then
      local left = own * limits[i] - used(i, feed)
      if c > left then
        if rank >= 2 then
          return decide('denied', i, feed .. ' has used its ' .. labels[i] .. ' share and the provider is ' .. state .. ': no borrowing')
        end
        local protect = 0
        for k = 0, n - 1 do
          local other = ARGV[S + 3 * k]
          if other ~= feed then
            local unused = math.max(0, math.floor(tonumber(ARGV[S + 1 + 3 * k]) * limits[i] + 0.5) - used(i, other))
            protect = protect + math.min(unused, tonumber(ARGV[S + 2 + 3 * k]))
          end
        end
        if totals0[i] + c > limits[i] - protect then
          return decide('denied', i, 'borrowing beyond ' .. feed .. "'s " .. labels[i] .. ' share would eat the ' .. fmt(protect)
            .. ' credits other feeds need for their next slots')
        end
      end
    end
  end
end

for i = 1, 3 do add(i, feed, c) end
return decide('granted', 0, 'granted')
