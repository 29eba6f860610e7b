-- A document of an ingestion job is done: counted once (a redelivered step is not counted again),
-- and the job moves to 'finishing' when it was the last one.
-- KEYS[1] the job hash, KEYS[2] the set of documents done
-- ARGV[1] source, ARGV[2] chunks, ARGV[3] embedded, ARGV[4] kept, ARGV[5] updated_at, ARGV[6] ttl seconds,
-- ARGV[7] chunks deleted (of an edited document)
-- returns 1 when this was the last document, 0 when others remain, -1 when the job is not running,
-- -2 when the document was already counted
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then
  return -1
end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then
  return -2
end
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[6]))
redis.call('HINCRBY', KEYS[1], 'documents_done', 1)
redis.call('HINCRBY', KEYS[1], 'chunks', tonumber(ARGV[2]))
redis.call('HINCRBY', KEYS[1], 'embedded', tonumber(ARGV[3]))
redis.call('HINCRBY', KEYS[1], 'kept', tonumber(ARGV[4]))
redis.call('HINCRBY', KEYS[1], 'deleted', tonumber(ARGV[7]))
redis.call('HSET', KEYS[1], 'updated_at', ARGV[5])
local done = tonumber(redis.call('HGET', KEYS[1], 'documents_done'))
local total = tonumber(redis.call('HGET', KEYS[1], 'documents_total') or '0')
if done >= total then
  redis.call('HSET', KEYS[1], 'status', 'finishing')
  return 1
end
return 0
