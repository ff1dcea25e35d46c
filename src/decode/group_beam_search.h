#pragma once

#include <cstdint>
#include <vector>

#include "decode/logits_processor.h"
#include "decode/next_token_scorer.h"

namespace gensr {

struct BeamSearchConfig {
  int num_beams = 1;
  int num_groups = 1;              // num_beams must be a multiple of it
  double diversity_penalty = 0.0;  // Hamming diversity between groups
  double length_penalty = 1.0;     // finished scores are sum_logprobs / length^length_penalty
  int max_length = 20;             // decoder positions, start token included (HF's max_length)
  std::int32_t eos = 1;
  std::int32_t pad = 0;
};

struct Hypothesis {
  std::vector<std::int32_t> tokens;  // generated tokens, EOS and decoder start not included
  double score = 0;                  // length-normalised score (penalties included)
  bool finished = false;             // ended with EOS (false: cut at max_length)
};

// HF's group beam search (transformers 4.31+, after PR #24407; with one group and no penalty it
// is HF's beam search). Every group keeps group_size = num_beams / num_groups beams and its own
// group_size finished hypotheses. At each step and for each group in order: log-probs of the
// group's beams, then `constraint` (if any), then the Hamming diversity penalty (penalty × the
// number of beams of earlier groups that chose the token at this step), plus the beam scores;
// the best 2 × group_size candidates are taken; EOS candidates ranked within the first
// group_size become finished hypotheses (length = generated tokens + 1, for the decoder start),
// the others fill the group's beams. A group is done when it holds group_size hypotheses and
// its best candidate's score / (current length + 1)^length_penalty cannot beat the worst of them
// (early_stopping=False). At max_length the beams of groups not done are added as unfinished
// hypotheses. Returns, per query, the hypotheses of all groups, best score first.
std::vector<std::vector<Hypothesis>> group_beam_search(NextTokenScorer& scorer,
                                                       const BeamSearchConfig& config,
                                                       const LogitsProcessor* constraint = nullptr);

}  // namespace gensr
