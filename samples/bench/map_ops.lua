-- map_ops: string-keyed and integer-keyed table set/get/has in a loop, then a checksum.

local ROUNDS = 500000

local words = {}
local latest = {}
local hits = 0
for i = 0, ROUNDS - 1 do
  local key = "k" .. (i % 1000)
  local seen = words[key]
  if seen ~= nil then
    words[key] = (seen + i % 7) % 1000003
  else
    words[key] = 1
  end
  latest[i % 5000] = i
  if latest[i * 7 % 6000] ~= nil then
    hits = hits + 1
  end
end
local checksum = hits
for _, v in pairs(words) do
  checksum = checksum + v
end
for _, v in pairs(latest) do
  checksum = (checksum + v) % 1000003
end
print(checksum)
