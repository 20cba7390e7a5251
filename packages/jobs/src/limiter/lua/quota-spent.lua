-- The provider said its quota is spent. KEYS: blocked-until, leases zset, ends list. ARGV: time
-- (see now.lua), pause ms, window widening, then limit and period per window of the job's policy.
-- When this connection's own requests fill one of its windows, that is what the provider counted,
-- and the window already holds the next request back: nothing to do. Otherwise something else
-- spends the quota too, and hold.lua (loaded after this) holds the connection for the pause.
-- Loaded after now.lua and window-full.lua.
local flying = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')
local ends = redis.call('LLEN', KEYS[3])
for i = 4, #ARGV, 2 do
  if full(tonumber(ARGV[i]), tonumber(ARGV[i + 1]) + tonumber(ARGV[3]), flying, KEYS[3], ends) then return 0 end
end
