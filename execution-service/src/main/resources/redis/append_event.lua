-- Appends one execution event in one round trip.
-- KEYS[1] the events stream, KEYS[2] the status key, KEYS[3] the newest-seq key
-- ARGV: seq, type, event json, max stream length, ttl seconds, status json ('' for none),
--       live channel, done channel, done status ('' for none)
local added = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], ARGV[1] .. '-0', 'type', ARGV[2], 'event', ARGV[3])
if type(added) == 'table' and added.err then
  if string.find(added.err, 'equal or smaller', 1, true) then
    return 0 -- stored already: a redelivered event
  end
  return redis.error_reply(added.err)
end
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[5])
if ARGV[6] ~= '' then
  redis.call('SET', KEYS[2], ARGV[6], 'EX', ARGV[5])
end
redis.call('PUBLISH', ARGV[7], ARGV[1])
if ARGV[9] ~= '' then
  redis.call('PUBLISH', ARGV[8], ARGV[9])
end
return 1
