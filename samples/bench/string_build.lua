-- string_build: builds short strings by concatenation and interpolation and sums their lengths.
-- Lua has no interpolation; `..` on a number converts it, which is what interpolation does.

local ROWS = 200000

local total = 0
for i = 0, ROWS - 1 do
  local cells = ""
  for j = 0, 9 do
    cells = cells .. (i % 7 + j) .. ","
  end
  local line = "row " .. i .. ": " .. cells
  total = total + #line
end
print(total)
