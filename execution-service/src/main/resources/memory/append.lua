-- Appends messages to a memory instance (or replaces them all), then flushes the oldest ones
-- (FIFO) until the instance is within max_messages and max_tokens; the newest message stays.
-- KEYS[1] the instance list; ARGV[1] "append" or "replace", ARGV[2] max_messages (0: none),
-- ARGV[3] max_tokens (0: none), ARGV[4] ttl in ms (0: none), ARGV[5..] messages as JSON with "tokens".
-- Returns {messages now held, messages flushed}.
if ARGV[1] == 'replace' then
  redis.call('DEL', KEYS[1])
end
for i = 5, #ARGV do
  redis.call('RPUSH', KEYS[1], ARGV[i])
end
local flushed = 0
local maxMessages = tonumber(ARGV[2])
if maxMessages > 0 then
  while redis.call('LLEN', KEYS[1]) > maxMessages do
    redis.call('LPOP', KEYS[1])
    flushed = flushed + 1
  end
end
local maxTokens = tonumber(ARGV[3])
if maxTokens > 0 then
  local all = redis.call('LRANGE', KEYS[1], 0, -1)
  local counts = {}
  local total = 0
  for i, m in ipairs(all) do
    local c = tonumber(cjson.decode(m).tokens) or 0
    counts[i] = c
    total = total + c
  end
  local i = 1
  while total > maxTokens and i < #all do
    redis.call('LPOP', KEYS[1])
    total = total - counts[i]
    i = i + 1
    flushed = flushed + 1
  end
end
if tonumber(ARGV[4]) > 0 and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
end
return {redis.call('LLEN', KEYS[1]), flushed}
