#include "decode/group_beam_search.h"

#include <ATen/ATen.h>
#include <algorithm>
#include <cmath>

#include "util/error.h"

namespace gensr {

namespace {

// HF's BeamHypotheses: the best `capacity` finished hypotheses of one group of one query.
struct Finished {
  int capacity;
  double length_penalty;
  std::vector<Hypothesis> beams;
  double worst = 1e9;

  void add(const std::vector<std::int32_t>& tokens, double sum_logprobs, bool finished) {
    const double length = static_cast<double>(tokens.size() + 1);  // + decoder start
    const double score = sum_logprobs / std::pow(length, length_penalty);
    if (static_cast<int>(beams.size()) < capacity || score > worst) {
      beams.push_back({tokens, score, finished});
      if (static_cast<int>(beams.size()) > capacity) {
        std::size_t low = 0;
        for (std::size_t i = 1; i < beams.size(); ++i)
          if (beams[i].score < beams[low].score) low = i;
        beams.erase(beams.begin() + static_cast<long>(low));
        worst = beams[0].score;
        for (const auto& b : beams) worst = std::min(worst, b.score);
      } else {
        worst = std::min(score, worst);
      }
    }
  }
  bool is_done(double best_sum_logprobs, int cur_len) const {
    if (static_cast<int>(beams.size()) < capacity) return false;
    return worst >= best_sum_logprobs / std::pow(static_cast<double>(cur_len), length_penalty);
  }
};

}  // namespace

std::vector<std::vector<Hypothesis>> group_beam_search(NextTokenScorer& scorer,
                                                       const BeamSearchConfig& config,
                                                       const LogitsProcessor* constraint) {
  const int N = config.num_beams, G = config.num_groups;
  if (N < 1 || G < 1 || N % G != 0)
    throw UsageError("beam search: " + std::to_string(N) + " beams cannot form " +
                     std::to_string(G) + " equal groups");
  const int S = N / G;
  const std::int64_t B = scorer.num_queries();
  const std::int64_t rows = B * N;

  std::vector<double> beam_scores(static_cast<std::size_t>(rows), -1e9);
  for (std::int64_t b = 0; b < B; ++b)
    for (int g = 0; g < G; ++g) beam_scores[b * N + g * S] = 0;
  std::vector<std::vector<std::int32_t>> seqs(static_cast<std::size_t>(rows));
  std::vector<Finished> finished(static_cast<std::size_t>(B * G),
                                 Finished{S, config.length_penalty, {}, 1e9});
  std::vector<bool> done(static_cast<std::size_t>(B * G), false);

  // Scores stay on the scorer's device; the host sees only each group's 2S best candidates.
  at::Tensor logp = scorer.start(N).to(at::kFloat);
  const auto long_on = at::TensorOptions().dtype(at::kLong).device(logp.device());
  int cur_len = 1;
  while (true) {
    const std::int64_t V = logp.size(1);
    std::vector<std::int64_t> current(static_cast<std::size_t>(rows), config.pad);
    std::vector<std::int64_t> parents(static_cast<std::size_t>(rows), 0);
    std::vector<double> next_scores(static_cast<std::size_t>(rows), 0);
    for (int g = 0; g < G; ++g) {
      std::vector<std::int64_t> group_rows;
      std::vector<const std::vector<std::int32_t>*> prefixes;
      for (std::int64_t b = 0; b < B; ++b)
        for (int j = 0; j < S; ++j) {
          group_rows.push_back(b * N + g * S + j);
          prefixes.push_back(&seqs[group_rows.back()]);
        }
      at::Tensor lp = logp.index_select(0, at::tensor(group_rows, long_on));
      if (constraint) constraint->process(prefixes, lp);
      if (g > 0 && config.diversity_penalty != 0) {
        // Hamming diversity: this step's choices of the earlier groups of the same query, one
        // subtraction of the penalty per earlier beam (index_put_ accumulates repeats).
        std::vector<std::int64_t> rows, tokens;
        for (std::int64_t b = 0; b < B; ++b)
          for (std::int64_t r = b * N; r < b * N + g * S; ++r)
            for (int j = 0; j < S; ++j) {
              rows.push_back(b * S + j);
              tokens.push_back(current[r]);
            }
        const float penalty = static_cast<float>(config.diversity_penalty);
        c10::List<c10::optional<at::Tensor>> at_chosen;
        at_chosen.push_back(at::tensor(rows, long_on));
        at_chosen.push_back(at::tensor(tokens, long_on));
        lp.index_put_(at_chosen,
                      at::full({static_cast<std::int64_t>(rows.size())}, -penalty, lp.options()),
                      /*accumulate=*/true);
      }
      std::vector<float> base;
      for (auto r : group_rows) base.push_back(static_cast<float>(beam_scores[r]));
      lp = lp + at::tensor(base, lp.options()).unsqueeze(1);
      const auto best = lp.view({B, S * V}).topk(2 * S, 1, true, true);
      const at::Tensor top_scores = std::get<0>(best).to(at::kCPU).contiguous();
      const at::Tensor top_index = std::get<1>(best).to(at::kCPU).contiguous();
      auto sc = top_scores.accessor<float, 2>();
      auto ix = top_index.accessor<std::int64_t, 2>();
      for (std::int64_t b = 0; b < B; ++b) {
        const std::size_t bg = static_cast<std::size_t>(b * G + g);
        const std::int64_t first = b * N + g * S;
        if (done[bg]) {  // HF pads finished groups: score 0, pad token, first beam
          for (int j = 0; j < S; ++j) {
            next_scores[first + j] = 0;
            current[first + j] = config.pad;
            parents[first + j] = first;
          }
          continue;
        }
        int filled = 0;
        for (int rank = 0; rank < 2 * S && filled < S; ++rank) {
          const std::int64_t token = ix[b][rank] % V;
          const std::int64_t parent = first + ix[b][rank] / V;
          const double score = sc[b][rank];
          if (token == config.eos) {
            if (rank >= S) continue;
            finished[bg].add(seqs[parent], score, true);
          } else {
            next_scores[first + filled] = score;
            current[first + filled] = token;
            parents[first + filled] = parent;
            ++filled;
          }
        }
        // HF passes the length the candidates' scores were computed on: cur_len + 1.
        done[bg] = done[bg] || finished[bg].is_done(sc[b][0], cur_len + 1);
      }
    }
    std::vector<std::vector<std::int32_t>> next_seqs(static_cast<std::size_t>(rows));
    for (std::int64_t r = 0; r < rows; ++r) {
      next_seqs[r] = seqs[parents[r]];
      next_seqs[r].push_back(static_cast<std::int32_t>(current[r]));
    }
    seqs = std::move(next_seqs);
    beam_scores = next_scores;
    ++cur_len;
    if (std::all_of(done.begin(), done.end(), [](bool d) { return d; }) ||
        cur_len >= config.max_length)
      break;
    logp = scorer.next(parents, current).to(at::kFloat);
  }
  for (std::int64_t b = 0; b < B; ++b)
    for (int g = 0; g < G; ++g) {
      const std::size_t bg = static_cast<std::size_t>(b * G + g);
      if (done[bg]) continue;
      for (int j = 0; j < S; ++j) {
        const std::int64_t r = b * N + g * S + j;
        finished[bg].add(seqs[r], beam_scores[r], false);
      }
    }
  std::vector<std::vector<Hypothesis>> out(static_cast<std::size_t>(B));
  for (std::int64_t b = 0; b < B; ++b) {
    for (int g = 0; g < G; ++g)
      for (auto& h : finished[b * G + g].beams) out[b].push_back(std::move(h));
    std::stable_sort(out[b].begin(), out[b].end(),
                     [](const Hypothesis& x, const Hypothesis& y) { return x.score > y.score; });
  }
  return out;
}

}  // namespace gensr
