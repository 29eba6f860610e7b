-- A token bucket: KEYS[1] holds {tokens, ts}; ARGV = rate (tokens per second), burst.
-- The clock is Redis's own, so gateway instances with skewed clocks share one bucket correctly.
-- Returns {allowed (1/0), remaining tokens, ms until the bucket is full, ms until one token is there}.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
local wait = 0
if allowed == 0 then
  wait = math.ceil((1 - tokens) / rate * 1000)
end
return {allowed, math.floor(tokens), math.ceil((burst - tokens) / rate * 1000), wait}
