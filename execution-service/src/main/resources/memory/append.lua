-- Appends messages to a memory instance (or replaces them all), then flushes the oldest ones until
-- the instance is within max_messages and max_tokens; the newest message stays. With the summary
-- strategy the flushed messages are replaced by one system message summarising them, as Compozy's
-- hybrid_summary does: "Summary of N messages: [role]: first ... [role]: last", cut to the budget.
-- KEYS[1] the instance list; ARGV[1] "append" or "replace", ARGV[2] max_messages (0: none),
-- ARGV[3] max_tokens (0: none), ARGV[4] ttl in ms (0: none), ARGV[5] "fifo" or "summary",
-- ARGV[6] the summary's token budget, ARGV[7] the share of messages to summarise at least (0..1),
-- ARGV[8..] messages as JSON with "tokens". Tokens are words, as the platform counts them.
-- Returns {messages now held, messages flushed, 1 when a summary was written else 0}.
if ARGV[1] == 'replace' then
  redis.call('DEL', KEYS[1])
end
for i = 8, #ARGV do
  redis.call('RPUSH', KEYS[1], ARGV[i])
end
local maxMessages = tonumber(ARGV[2])
local maxTokens = tonumber(ARGV[3])
local summarize = ARGV[5] == 'summary'
local budget = tonumber(ARGV[6])
local all = redis.call('LRANGE', KEYS[1], 0, -1)
local n = #all
local decoded = {}
local after = {} -- after[d]: tokens left once the d oldest are gone
local total = 0
for i, m in ipairs(all) do
  decoded[i] = cjson.decode(m)
  total = total + (tonumber(decoded[i].tokens) or 0)
end
after[0] = total
for d = 1, n do
  after[d] = after[d - 1] - (tonumber(decoded[d].tokens) or 0)
end
local function over(d, withSummary)
  local extra = (withSummary and d > 0) and 1 or 0
  local extraTokens = (withSummary and d > 0) and budget or 0
  return (maxMessages > 0 and n - d + extra > maxMessages) or (maxTokens > 0 and after[d] + extraTokens > maxTokens)
end
local function dropping(withSummary)
  local d = 0
  while d < n - 1 and over(d, withSummary) do
    d = d + 1
  end
  return d
end
local drop = dropping(summarize)
if summarize and over(drop, true) then
  summarize = false -- the limits leave no room for a summary: flush as FIFO
  drop = dropping(false)
end
if summarize and drop > 0 then
  local least = math.min(n - 1, math.ceil(tonumber(ARGV[7]) * n))
  drop = math.max(drop, least)
end
if drop > 0 then
  redis.call('LTRIM', KEYS[1], drop, -1)
end
local summarized = 0
if summarize and drop > 0 then
  local function words(s)
    local c = 0
    for _ in string.gmatch(s, '%S+') do
      c = c + 1
    end
    return c
  end
  local function line(m)
    return '[' .. tostring(m.role) .. ']: ' .. tostring(m.content)
  end
  local text = 'Summary of ' .. drop .. ' messages: ' .. line(decoded[1])
  if drop > 1 then
    text = text .. ' ... '
    local last = line(decoded[drop])
    if words(text) + words(last) < budget then
      text = text .. last
    end
  end
  if words(text) > budget then
    local kept = {}
    for w in string.gmatch(text, '%S+') do
      if #kept >= budget then
        break
      end
      kept[#kept + 1] = w
    end
    text = table.concat(kept, ' ') .. '...'
  end
  redis.call('LPUSH', KEYS[1], cjson.encode({role = 'system', content = text, tokens = words(text)}))
  summarized = 1
end
if tonumber(ARGV[4]) > 0 and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
end
return {redis.call('LLEN', KEYS[1]), drop, summarized}
