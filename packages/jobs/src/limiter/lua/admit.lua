-- One round trip per ask (the rules: "Everything a connection's limiter keeps", in ../limiter.ts).
-- Returns {-1, now} when the connection has no free in-flight lease, else {time, now}: the job is
-- let through when time <= now (and then holds a lease), else told to come back at that time,
-- holding its place in line.
-- KEYS: blocked-until, line zset, leases zset, ends list, epoch (see ../../epoch.ts), the app's
-- blocked-until (the connection's own again when its policy names no app).
-- ARGV: time (see now.lua), job id, concurrency (0: none), lease ms, window widening,
-- abandoned-after ms, full-after-loss-up-to ms, then limit and period per window.
-- Loaded after now.lua, window-full.lua and the epoch's READ_EPOCH (which defines `epoch`).
local job, concurrency, lease, widen, abandoned = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local fullUpTo = tonumber(ARGV[7])
local windows, keep, longest = {}, 0, 0
for i = 8, #ARGV, 2 do
  local limit, period = tonumber(ARGV[i]), tonumber(ARGV[i + 1]) + widen
  windows[#windows + 1] = { limit, period }
  if limit > keep then keep = limit end
  if period > longest then longest = period end
end

-- No record of this connection's last requests, less than a period after Redis lost its data:
-- they were forgotten, not absent. Record them as having ended at the loss, as many as fill each
-- such window (half of a long one), so the windows hold until a period has passed.
if redis.call('EXISTS', KEYS[4]) == 0 then
  local forgotten = 0
  for _, w in ipairs(windows) do
    if epoch + w[2] > now then
      local n = w[1]
      if w[2] > fullUpTo then n = math.ceil(n / 2) end
      if n > forgotten then forgotten = n end
    end
  end
  for _ = 1, forgotten do redis.call('RPUSH', KEYS[4], epoch) end
end

-- Ends are kept in order (never before the last one), so the last `n` are the most recent.
local function ended(at)
  local last = redis.call('LINDEX', KEYS[4], -1)
  if last and tonumber(last) > at then at = tonumber(last) end
  redis.call('RPUSH', KEYS[4], at)
end
-- A lease that lapsed is a request whose worker died: it ended by then at the latest.
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'WITHSCORES')
for i = 2, #lapsed, 2 do ended(tonumber(lapsed[i])) end
if #lapsed > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now) end
-- The job asks again while its earlier request is in flight (its worker lost the job): that one
-- counts as ended now.
if redis.call('ZREM', KEYS[3], job) == 1 then ended(now) end
-- No window needs more ends than its limit; with no window, none are kept.
if keep > 0 then
  redis.call('LTRIM', KEYS[4], -keep, -1)
  redis.call('PEXPIRE', KEYS[4], longest + lease)
else
  redis.call('DEL', KEYS[4])
end
local flying = redis.call('ZCARD', KEYS[3])

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - abandoned)
local held = redis.call('ZSCORE', KEYS[2], job)
if held and tonumber(held) > now then return { tonumber(held), now } end
-- Held back by its own push-back, or by its app's hold (the app's quota is spent).
local blocked = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[6]) or '0'))
local ends = redis.call('LLEN', KEYS[4])

local function room()
  if blocked > now then return false end
  for _, w in ipairs(windows) do
    if full(w[1], w[2], flying, KEYS[4], ends) then return false end
  end
  return true
end

-- When there is room for this job after the 'ahead' jobs in line from position 'skip', each going
-- at its time (now if that has passed), the requests in flight ending now.
local function turn(skip, ahead)
  local function timeAt(i) return math.max(now, tonumber(redis.call('ZRANGE', KEYS[2], skip + i, skip + i, 'WITHSCORES')[2])) end
  local at = math.max(now, blocked)
  if ahead > 0 then at = math.max(at, timeAt(ahead - 1)) end
  for _, w in ipairs(windows) do
    local limit, period = w[1], w[2]
    local from = nil
    if ahead >= limit then
      from = timeAt(ahead - limit)
    elseif ahead + flying >= limit then
      from = now
    elseif ends >= limit - ahead - flying then
      from = tonumber(redis.call('LINDEX', KEYS[4], ahead + flying - limit))
    end
    if from and from + period > at then at = from + period end
  end
  return at
end

-- Takes (or moves to) the place at `at`; the line lives until its last place is abandoned.
local function wait(at)
  redis.call('ZADD', KEYS[2], at, job)
  local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', KEYS[2], math.max(0, tonumber(last[2]) - now) + abandoned)
  return { at, now }
end

if held then
  -- Its turn has come (however late): it goes if there is room, else it takes the first place no
  -- one has been told to come back to. The others whose turn has come too do the same as they ask.
  if not room() then
    redis.call('ZREM', KEYS[2], job)
    local skip, ahead = redis.call('ZCOUNT', KEYS[2], '-inf', now), 0
    local at = turn(skip, ahead)
    local before = redis.call('ZCOUNT', KEYS[2], '(' .. now, at)
    for _ = 1, 8 do
      if before <= ahead then break end
      ahead = before
      at = turn(skip, ahead)
      before = redis.call('ZCOUNT', KEYS[2], '(' .. now, at)
    end
    -- No room between the places given out: after the last of them.
    if before > ahead then at = turn(skip, redis.call('ZCARD', KEYS[2]) - skip) end
    return wait(at)
  end
else
  local at = turn(0, redis.call('ZCARD', KEYS[2]))
  if at > now then return wait(at) end
end
if concurrency > 0 and flying >= concurrency then
  -- It keeps (or takes) its place in line while it waits for a request to end.
  if not held then wait(now) end
  return { -1, now }
end
redis.call('ZREM', KEYS[2], job)
redis.call('ZADD', KEYS[3], now + lease, job)
-- A lease that lapses unreleased (its worker died) is read as the request's end by the next ask,
-- which may come up to a period later: the leases are kept that long after the last one lapses.
-- Released leases leave the set, and Redis deletes it when it is empty.
redis.call('PEXPIRE', KEYS[3], lease + longest + 1000)
return { now, now }
