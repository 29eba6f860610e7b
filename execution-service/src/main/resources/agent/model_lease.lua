-- A lease on one of a model's concurrent calls, shared by every worker instance. Leases expire,
-- so a worker that dies holding one frees it after its time-to-live.
-- KEYS[1] the lease set; ARGV[1] lease id, ARGV[2] limit, ARGV[3] lease time-to-live in ms.
-- Returns 1 when the lease is taken, 0 when the limit is reached.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 1000)
  return 1
end
return 0
