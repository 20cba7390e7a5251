-- Holds the whole connection back: nobody sends before now + ARGV[2] ms. Only ever moves the
-- deadline later, so a short push-back never cuts a longer one short.
-- On its own (after now.lua) it is the push-back after a 429, or the hold of an app whose quota is
-- spent: KEYS: blocked-until (the connection's, or the app's). ARGV: time (see now.lua), delay ms.
-- It also ends quota-spent.lua, whose KEYS[1] and ARGV[2] are the same.
local until_ = now + tonumber(ARGV[2])
local current = redis.call('GET', KEYS[1])
if not current or tonumber(current) < until_ then
  -- Expires a second after the deadline: past it the key means nothing.
  redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[2]) + 1000)
end
return until_
