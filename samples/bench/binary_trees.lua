-- binary_trees: build and walk many complete binary trees (after the Benchmarks Game).
--
-- The same arena algorithm as binary_trees.rae: an array of {left, right} nodes naming their
-- children by index (-1 for a leaf), a fresh arena per tree. Indices are 1-based here.

local MIN_DEPTH = 4
local MAX_DEPTH = 13

-- Appends a complete tree of the given depth to the arena; returns the index of its root.
local function build(nodes, depth)
  if depth == 0 then
    nodes[#nodes + 1] = { left = -1, right = -1 }
    return #nodes
  end
  local left = build(nodes, depth - 1)
  local right = build(nodes, depth - 1)
  nodes[#nodes + 1] = { left = left, right = right }
  return #nodes
end

-- Counts the nodes reachable from index.
local function check(nodes, index)
  local node = nodes[index]
  if node.left < 0 then
    return 1
  end
  return 1 + check(nodes, node.left) + check(nodes, node.right)
end

local function treeCheck(depth)
  local nodes = {}
  local root = build(nodes, depth)
  return check(nodes, root)
end

local total = treeCheck(MAX_DEPTH + 1)
local longLived = {}
local longLivedRoot = build(longLived, MAX_DEPTH)
for depth = MIN_DEPTH, MAX_DEPTH, 2 do
  local iterations = 1 << (MAX_DEPTH - depth + MIN_DEPTH)
  for _ = 1, iterations do
    total = total + treeCheck(depth)
  end
end
total = total + check(longLived, longLivedRoot)
print(total)
