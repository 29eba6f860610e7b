-- A token bucket: KEYS[1] holds {tokens, ts}; ARGV = rate (tokens per second), burst, wanted,
-- deadline (ms on Redis's clock after which the caller has stopped waiting; 0: none).
-- The clock is Redis's own, so gateway instances with skewed clocks share one bucket correctly.
-- Grants up to `wanted` whole tokens (a gateway leases several at once for a busy bucket).
-- Returns {granted, remaining tokens, ms until the bucket is full, ms until one token is there}.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local deadline = tonumber(ARGV[4]) or 0
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if deadline > 0 and now > deadline then
  -- a call that waited in a queue (Redis paused, a slow network) while its caller went on without
  -- it: taking tokens now would refuse later requests for requests already let through
  return {-1, 0, 0, 0}
end
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local granted = math.min(wanted, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
local wait = 0
if granted == 0 then
  wait = math.ceil((1 - tokens) / rate * 1000)
end
return {granted, math.floor(tokens), math.ceil((burst - tokens) / rate * 1000), wait}
