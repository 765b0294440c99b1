-- The shared ledger: every operation on one provider's windows in one atomic step (RedisLedger).
-- It mirrors MemoryLedger.check / Shares.decide / sync / fillMinute exactly, reason texts included.
--
-- KEYS[1..3]: the provider's minute, day and month hashes (field "_t" = total, other fields = feeds),
--             named by the window's start, so a new window is simply a new key
-- KEYS[4]:    the shared decision log (a capped list, newest last)
-- KEYS[5]:    the provider's ban (until when, as text), set by 'ban', expiring with it
-- ARGV[1]:    operation: reserve | sync | hold | usage | log | ban
-- ARGV[2..4]: the windows' time to live in ms (real time: they expire after their window)
-- ARGV[5]:    the decision record's head: at, provider, feed, purpose joined by \31
-- ARGV[6]:    how many decisions the log keeps
local op = ARGV[1]
local labels = {'minute', 'day', 'month'}
local head = ARGV[5]
local cap = tonumber(ARGV[6])

local function total(i) return tonumber(redis.call('HGET', KEYS[i], '_t') or '0') end
local function used(i, f) return tonumber(redis.call('HGET', KEYS[i], f) or '0') end
local function fmt(x) return string.format('%d', x) end
local function add(i, f, n)
  redis.call('HINCRBY', KEYS[i], '_t', n)
  redis.call('HINCRBY', KEYS[i], f, n)
  redis.call('PEXPIRE', KEYS[i], ARGV[1 + i])
end
local function push(credits, decision, reason)
  redis.call('RPUSH', KEYS[4], head .. '\31' .. fmt(credits) .. '\31' .. decision .. '\31' .. reason)
  redis.call('LTRIM', KEYS[4], -cap, -1)
end

if op == 'usage' then
  return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3])}
end

if op == 'ban' then
  -- ARGV[7]: until (text), ARGV[8]: for how many ms
  redis.call('SET', KEYS[5], ARGV[7], 'PX', ARGV[8])
  push(0, 'banned', 'the provider refuses calls until ' .. ARGV[7] .. ': no replica spends before then')
  return 1
end

if op == 'log' then
  -- ARGV[7..9]: credits, decision, reason of a decision taken without the windows (no budget configured)
  push(tonumber(ARGV[7]), ARGV[8], ARGV[9])
  return 1
end

if op == 'hold' then
  -- ARGV[7]: the per-minute limit
  local missing = tonumber(ARGV[7]) - total(1)
  if missing > 0 then
    add(1, '(reported)', missing)
    push(missing, 'held', 'the provider says this minute is used up: no more calls before the next one')
  end
  return missing
end

if op == 'sync' then
  -- ARGV[7..9]: the provider's reported usage per window, -1 when it said nothing about one
  local raised = 0
  for i = 1, 3 do
    local v = tonumber(ARGV[6 + i])
    if v >= 0 then
      local t = total(i)
      if v > t then
        local missing = v - t
        push(missing, 'raised', labels[i] .. ' count raised from ' .. fmt(t) .. ' to ' .. fmt(v) .. " by the provider's own report")
        for j = i, 3 do add(j, '(reported)', missing) end
        raised = raised + 1
      end
    end
  end
  return raised
end

-- reserve
-- ARGV[7]: feed, ARGV[8]: credits, ARGV[9]: priority (critical | normal | warm-up: a first snapshot, held
--           only to the hard limits like a critical feed)
-- ARGV[10..12]: limits per minute, day, month (-1 when not set)
-- ARGV[13..15]: warn-at, degrade-at, critical-only-at
-- ARGV[16]: the number of shares n, then n triples (feed, share, next slot cost) from ARGV[17]
local feed = ARGV[7]
local c = tonumber(ARGV[8])
local critical = ARGV[9] == 'critical' or ARGV[9] == 'warm-up'
local limits = {tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])}
local warnAt, degradeAt, criticalAt = tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15])
local n = tonumber(ARGV[16])

local function decide(kind, window, reason)
  push(c, kind, reason)
  return {kind, window, reason}
end

local banned = redis.call('GET', KEYS[5])
if banned then
  return decide('denied', 0, 'the provider refuses calls until ' .. banned .. ' (a ban or Retry-After seen by a replica)')
end

local totals = {total(1), total(2), total(3)}
for _, i in ipairs({3, 2}) do
  if limits[i] >= 0 and totals[i] + c > limits[i] then
    return decide('denied', i, labels[i] .. ' limit ' .. fmt(limits[i]) .. ' reached: used ' .. fmt(totals[i]) .. ', needs ' .. fmt(c))
  end
end
if limits[1] >= 0 then
  if c > limits[1] then
    return decide('denied', 1, 'a call of ' .. fmt(c) .. ' credits exceeds the per-minute limit ' .. fmt(limits[1]))
  end
  if totals[1] + c > limits[1] then
    return decide('wait', 1, 'minute full: used ' .. fmt(totals[1]) .. ' of ' .. fmt(limits[1]) .. ', needs ' .. fmt(c))
  end
end

local fraction = 0
for _, i in ipairs({3, 2}) do
  if limits[i] >= 0 then fraction = math.max(fraction, totals[i] / limits[i]) end
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
    if ARGV[17 + 3 * k] == feed then own = tonumber(ARGV[18 + 3 * k]) end
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
          local other = ARGV[17 + 3 * k]
          if other ~= feed then
            local unused = math.max(0, math.floor(tonumber(ARGV[18 + 3 * k]) * limits[i] + 0.5) - used(i, other))
            protect = protect + math.min(unused, tonumber(ARGV[19 + 3 * k]))
          end
        end
        if totals[i] + c > limits[i] - protect then
          return decide('denied', i, 'borrowing beyond ' .. feed .. "'s " .. labels[i] .. ' share would eat the ' .. fmt(protect)
            .. ' credits other feeds need for their next slots')
        end
      end
    end
  end
end

for i = 1, 3 do add(i, feed, c) end
return decide('granted', 0, 'granted')
