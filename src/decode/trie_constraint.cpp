#include "decode/trie_constraint.h"

#include <ATen/ATen.h>
#include <limits>
#include <unordered_map>

namespace gensr {

void TrieConstraint::process(const std::vector<const std::vector<std::int32_t>*>& prefixes,
                             at::Tensor& logp) const {
  // The mask is worked out on the host as row and token numbers, then applied on logp's device
  // in a few kernels. Rows at the same trie node share one mask row (every row, at the first
  // step of atomic IDs); a row with one valid token names just that token.
  std::unordered_map<const std::vector<std::int32_t>*, std::int64_t> node_of;
  std::vector<const std::vector<std::int32_t>*> nodes;
  std::vector<std::int64_t> open_rows, open_nodes, forced_rows, forced_tokens;
  for (std::size_t r = 0; r < prefixes.size(); ++r) {
    const std::vector<std::int32_t>& allowed = trie_.allowed(*prefixes[r]);
    const auto row = static_cast<std::int64_t>(r);
    if (allowed.size() == 1) {
      forced_rows.push_back(row);
      forced_tokens.push_back(allowed[0]);
      continue;
    }
    const auto node = node_of.emplace(&allowed, static_cast<std::int64_t>(nodes.size()));
    if (node.second) nodes.push_back(&allowed);
    open_rows.push_back(row);
    open_nodes.push_back(node.first->second);
  }
  at::Tensor node_mask =
      at::zeros({static_cast<std::int64_t>(nodes.size()), logp.size(1)}, at::kBool);
  auto mask = node_mask.accessor<bool, 2>();
  for (std::size_t n = 0; n < nodes.size(); ++n)
    for (std::int32_t t : *nodes[n]) mask[static_cast<long>(n)][t] = true;

  const auto on_device = [&](const std::vector<std::int64_t>& v) {
    return at::tensor(v, at::TensorOptions().dtype(at::kLong).device(logp.device()));
  };
  at::Tensor keep = at::zeros(logp.sizes(), logp.options().dtype(at::kBool));
  at::Tensor scores = logp;
  if (!open_rows.empty())
    keep.index_copy_(0, on_device(open_rows),
                     node_mask.to(logp.device()).index_select(0, on_device(open_nodes)));
  if (!forced_rows.empty()) {
    const at::Tensor rows = on_device(forced_rows);
    keep.index_put_({rows, on_device(forced_tokens)}, true);
    scores = logp.index_fill(0, rows, 0.0);  // of which only the one valid token is kept
  }
  logp = scores.masked_fill(keep.logical_not(), -std::numeric_limits<float>::infinity());
}

}  // namespace gensr
