-- method_call: small methods of an object called with `:` in a hot loop.

local CALLS = 2000000
local MODULUS = 1000003

local Counter = {}
Counter.__index = Counter

function Counter.new(value, step)
  return setmetatable({ value = value, step = step }, Counter)
end

function Counter:bump(by)
  self.value = (self.value + by * self.step) % MODULUS
end

function Counter:current()
  return self.value
end

function Counter:isEven()
  return self.value % 2 == 0
end

local counter = Counter.new(0, 3)
local total = 0
for i = 0, CALLS - 1 do
  counter:bump(i)
  if counter:isEven() then
    total = (total + counter:current()) % MODULUS
  end
end
print(total)
