-- list_sort: fills an array from a linear congruential generator, sorts it, checksums it.

local COUNT = 1000000
local MODULUS = 1000000007

local state = 42
local values = {}
for i = 1, COUNT do
  -- The glibc rand() constants; the product stays below 2^62, so no language overflows.
  state = (state * 1103515245 + 12345) % 2147483648
  values[i] = state
end
table.sort(values)
local checksum = 0
for _, v in ipairs(values) do
  checksum = (checksum * 31 + v) % MODULUS
end
print(checksum)
