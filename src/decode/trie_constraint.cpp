#include "decode/trie_constraint.h"

#include <ATen/ATen.h>
#include <limits>

namespace gensr {

void TrieConstraint::process(const std::vector<const std::vector<std::int32_t>*>& prefixes,
                             at::Tensor& logp) const {
  const at::Tensor masked = at::full_like(logp, -std::numeric_limits<float>::infinity());
  auto in = logp.accessor<float, 2>();
  auto out = masked.accessor<float, 2>();
  for (std::size_t r = 0; r < prefixes.size(); ++r) {
    const auto& allowed = trie_.allowed(*prefixes[r]);
    const long row = static_cast<long>(r);
    if (allowed.size() == 1) {
      out[row][allowed[0]] = 0.0f;
      continue;
    }
    for (std::int32_t t : allowed) out[row][t] = in[row][t];
  }
  logp = masked;
}

}  // namespace gensr
