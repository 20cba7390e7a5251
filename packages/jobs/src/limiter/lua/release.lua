-- After a request, whatever its outcome: gives back the lease and records the request's end (now,
-- or the last end if later, so the list stays in order). Returns 0 when the job held no lease (it
-- lapsed, or was released already): nothing is counted twice.
-- KEYS: leases zset, ends list. ARGV: time (see now.lua), job id, how long the ends are kept (0:
-- not known in this process, which did not let the job through).
-- Loaded after now.lua.
if redis.call('ZREM', KEYS[1], ARGV[2]) == 0 then return 0 end
local last = redis.call('LINDEX', KEYS[2], -1)
if last and tonumber(last) > now then now = tonumber(last) end
redis.call('RPUSH', KEYS[2], now)
local keep = tonumber(ARGV[3])
if keep > 0 then redis.call('PEXPIRE', KEYS[2], keep)
-- Kept two days when the policy is not known here: longer than any window a provider sets.
elseif redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], 172800000) end
return 1
