-- loops: nested loops doing integer arithmetic on the loop counters.

local OUTER = 4000
local INNER = 1000

local sum = 0
for i = 0, OUTER - 1 do
  for j = 0, INNER - 1 do
    sum = (sum + i * j + (i ~ j)) % 1000003
    if (i + j) % 3 == 0 then
      sum = sum + 1
    end
  end
end
print(sum)
