-- The time (ms) every limiter script counts with: Redis's own, so the workers' clocks never
-- matter. ARGV[1] is 0 then; only tests pass a time of their own, to drive a clock by hand.
local now = tonumber(ARGV[1])
if now == 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
