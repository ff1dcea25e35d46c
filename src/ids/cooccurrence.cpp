#include "ids/cooccurrence.h"

#include <algorithm>

#include "util/error.h"

namespace gensr::ids {

namespace {

// Calls f(a, b) for every pair of distinct items at most `window` apart.
template <class F>
void for_each_pair(const std::vector<std::vector<std::int32_t>>& sequences,
                   const std::vector<std::int32_t>& lengths, int window, F&& f) {
  for (std::size_t s = 0; s < sequences.size(); ++s) {
    const std::vector<std::int32_t>& seq = sequences[s];
    for (std::int32_t t = 1; t < lengths[s]; ++t)
      for (std::int32_t before = std::max(0, t - window); before < t; ++before)
        if (seq[t] != seq[before]) f(seq[t], seq[before]);
  }
}

}  // namespace

SparseMatrix cooccurrence_counts(const std::vector<std::vector<std::int32_t>>& sequences,
                                 const std::vector<std::int32_t>& lengths, std::int64_t items,
                                 int window, std::int64_t block_entries) {
  if (window < 1) throw UsageError("co-occurrence: --window must be at least 1");
  if (lengths.size() != sequences.size()) throw Error("co-occurrence: one length per sequence");
  for (std::size_t s = 0; s < sequences.size(); ++s) {
    if (lengths[s] < 0 || lengths[s] > static_cast<std::int32_t>(sequences[s].size()))
      throw Error("co-occurrence: a length beyond its sequence");
    for (std::int32_t t = 0; t < lengths[s]; ++t)
      if (sequences[s][t] < 0 || sequences[s][t] >= items)
        throw Error("co-occurrence: an item index out of range");
  }

  std::vector<std::int64_t> raw(static_cast<std::size_t>(items), 0);
  for_each_pair(sequences, lengths, window, [&](std::int32_t a, std::int32_t b) {
    ++raw[a];
    ++raw[b];
  });

  SparseMatrix m;
  m.rows = m.cols = items;
  m.offsets.reserve(static_cast<std::size_t>(items + 1));
  std::vector<std::int32_t> buffer;
  std::vector<std::int64_t> cursor;
  for (std::int64_t first = 0; first < items;) {
    // The rows [first, last) whose occurrences fit the budget (always at least one row).
    std::int64_t last = first, total = 0;
    while (last < items && (last == first || total + raw[last] <= block_entries))
      total += raw[last++];
    buffer.resize(static_cast<std::size_t>(total));
    cursor.assign(static_cast<std::size_t>(last - first + 1), 0);
    for (std::int64_t r = first; r < last; ++r) cursor[r - first + 1] = cursor[r - first] + raw[r];
    const std::vector<std::int64_t> starts = cursor;
    auto put = [&](std::int32_t row, std::int32_t col) {
      if (row >= first && row < last) buffer[cursor[row - first]++] = col;
    };
    for_each_pair(sequences, lengths, window, [&](std::int32_t a, std::int32_t b) {
      put(a, b);
      put(b, a);
    });
    for (std::int64_t r = first; r < last; ++r) {
      const auto begin = buffer.begin() + starts[r - first];
      const auto end = buffer.begin() + starts[r - first + 1];
      std::sort(begin, end);
      for (auto it = begin; it != end;) {
        const auto next = std::upper_bound(it, end, *it);
        m.indices.push_back(*it);
        m.values.push_back(static_cast<float>(next - it));
        it = next;
      }
      m.offsets.push_back(static_cast<std::int64_t>(m.values.size()));
    }
    first = last;
  }
  return m;
}

}  // namespace gensr::ids
