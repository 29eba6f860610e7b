-- Appends events of one execution, in order, in one round trip.
-- KEYS[1] the events stream, KEYS[2] the status key, KEYS[3] the newest-seq key
-- ARGV[1] max stream length, ARGV[2] ttl seconds, ARGV[3] live channel, ARGV[4] done channel,
-- then five per event: seq, type, event json, status json ('' for none), done status ('' for none)
-- Returns how many were new (a redelivered event is stored already and skipped).
local added = 0
local newest = nil
local done = nil
for i = 5, #ARGV, 5 do
  local r = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], ARGV[i] .. '-0', 'type', ARGV[i + 1], 'event', ARGV[i + 2])
  if type(r) == 'table' and r.err then
    if not string.find(r.err, 'equal or smaller', 1, true) then
      return redis.error_reply(r.err)
    end
  else
    added = added + 1
    newest = ARGV[i]
    if ARGV[i + 3] ~= '' then
      redis.call('SET', KEYS[2], ARGV[i + 3], 'EX', ARGV[2])
    end
    if ARGV[i + 4] ~= '' then
      done = ARGV[i + 4]
    end
  end
end
if newest then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('SET', KEYS[3], newest, 'EX', ARGV[2])
  -- live readers read the stream after the last event they saw: one notice covers the batch
  redis.call('PUBLISH', ARGV[3], newest)
  if done then
    redis.call('PUBLISH', ARGV[4], done)
  end
end
return added
