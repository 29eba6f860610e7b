-- Moves an ingestion job to a status when it is in one of the allowed ones, setting fields with it.
-- KEYS[1] the job hash; ARGV[1] the allowed statuses, comma separated; ARGV[2] the new status;
-- ARGV[3..] field, value pairs. Returns 1 when moved, 0 when not (no job, or another status).
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return 0
end
for allowed in string.gmatch(ARGV[1], '[^,]+') do
  if status == allowed then
    redis.call('HSET', KEYS[1], 'status', ARGV[2])
    for i = 3, #ARGV, 2 do
      redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    end
    return 1
  end
end
return 0
