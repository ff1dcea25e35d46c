#pragma once

#include <cstdint>
#include <vector>

#include "ids/sparse_matrix.h"

namespace gensr::ids {

// How often two items occur near each other in the users' training histories: every pair of
// distinct items at most `window` positions apart in sequences[s][0, lengths[s]) counts once,
// in both directions, so the matrix is symmetric. Pairs are gathered in passes over blocks
// of rows holding at most `block_entries` pair occurrences (sorted and merged per row), so
// the memory beyond the result stays bounded however long the histories are.
SparseMatrix cooccurrence_counts(const std::vector<std::vector<std::int32_t>>& sequences,
                                 const std::vector<std::int32_t>& lengths, std::int64_t items,
                                 int window, std::int64_t block_entries = std::int64_t{1} << 25);

}  // namespace gensr::ids
