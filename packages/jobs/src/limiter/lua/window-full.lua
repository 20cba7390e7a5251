-- Whether a window is full now: the requests that ended within its period, plus those in flight,
-- have reached its limit. endsKey, ends: the ends list's key and length. Only the last `free`
-- ends can still be within the period, the list being oldest first.
local function full(limit, period, flying, endsKey, ends)
  local free = limit - flying
  if free <= 0 then return true end
  return ends >= free and tonumber(redis.call('LINDEX', endsKey, -free)) > now - period
end
