#pragma once

#include <ATen/Tensor.h>
#include <cstdint>
#include <vector>

namespace gensr {

// Changes the next-token log-probs of some beam rows before they are ranked (as HF's and
// CTranslate2's logits processors do). `prefixes[r]` are the tokens row r generated so far
// (decoder start not included); `logp` is [rows, vocab] on any device, changed in place (or
// replaced by a tensor on the same device).
class LogitsProcessor {
 public:
  virtual ~LogitsProcessor() = default;
  virtual void process(const std::vector<const std::vector<std::int32_t>*>& prefixes,
                       at::Tensor& logp) const = 0;
};

}  // namespace gensr
