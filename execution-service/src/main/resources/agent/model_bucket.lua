-- A token bucket per model, on the Redis clock so every worker instance agrees.
-- KEYS[1] the bucket; ARGV[1] refill per second, ARGV[2] capacity, ARGV[3] cost,
-- ARGV[4] "take" (only when the bucket holds the cost) or "charge" (always; may go below zero).
-- Returns 0 when taken or charged, else the milliseconds until the cost would be there.
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or capacity
local ts = tonumber(b[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate / 1000)
local wait = 0
if ARGV[4] == 'charge' or tokens >= cost then
  tokens = tokens - cost
else
  wait = math.ceil((cost - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 60000)
return wait
