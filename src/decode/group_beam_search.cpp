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

// The search's state over all queries: rows are query-major, row = b * N + g * S + j (query b,
// group g, beam j of the group's S).
class GroupBeamSearch {
 public:
  GroupBeamSearch(const BeamSearchConfig& config, std::int64_t queries,
                  const LogitsProcessor* constraint)
      : config_(config),
        N(config.num_beams),
        G(config.num_groups),
        S(config.num_beams / config.num_groups),
        B(queries),
        rows_(queries * config.num_beams),
        constraint_(constraint),
        beam_scores_(static_cast<std::size_t>(rows_), -1e9),
        seqs_(static_cast<std::size_t>(rows_)),
        finished_(static_cast<std::size_t>(B * G), Finished{S, config.length_penalty, {}, 1e9}),
        done_(static_cast<std::size_t>(B * G), false) {
    // Only each group's first beam starts live, so the first step does not pick one token S times.
    for (std::int64_t b = 0; b < B; ++b)
      for (int g = 0; g < G; ++g) beam_scores_[b * N + g * S] = 0;
  }

  // One decoding step from the log-probs of every row: each group in turn picks its candidates,
  // seeing the tokens the earlier groups of the same query chose. Returns false once every group
  // is done or max_length is reached.
  bool step(const at::Tensor& logp) {
    current_.assign(static_cast<std::size_t>(rows_), config_.pad);
    parents_.assign(static_cast<std::size_t>(rows_), 0);
    next_scores_.assign(static_cast<std::size_t>(rows_), 0);
    for (int g = 0; g < G; ++g) pick_candidates(g, group_scores(logp, g), logp.size(1));
    advance();
    return !std::all_of(done_.begin(), done_.end(), [](bool d) { return d; }) &&
           cur_len_ < config_.max_length;
  }

  const std::vector<std::int64_t>& parents() const { return parents_; }
  const std::vector<std::int64_t>& tokens() const { return current_; }

  // Per query, the hypotheses of all groups, best score first; the beams of groups not done
  // count as unfinished hypotheses.
  std::vector<std::vector<Hypothesis>> results() {
    for (std::int64_t b = 0; b < B; ++b)
      for (int g = 0; g < G; ++g) {
        const std::size_t bg = static_cast<std::size_t>(b * G + g);
        if (done_[bg]) continue;
        for (int j = 0; j < S; ++j) {
          const std::int64_t r = b * N + g * S + j;
          finished_[bg].add(seqs_[r], beam_scores_[r], false);
        }
      }
    std::vector<std::vector<Hypothesis>> out(static_cast<std::size_t>(B));
    for (std::int64_t b = 0; b < B; ++b) {
      for (int g = 0; g < G; ++g)
        for (auto& h : finished_[b * G + g].beams) out[b].push_back(std::move(h));
      std::stable_sort(out[b].begin(), out[b].end(),
                       [](const Hypothesis& x, const Hypothesis& y) { return x.score > y.score; });
    }
    return out;
  }

 private:
  // Group g's candidate scores [B * S, V]: its rows' log-probs, constrained, minus the diversity
  // penalty, plus the beam scores. They stay on the scorer's device.
  at::Tensor group_scores(const at::Tensor& logp, int g) const {
    const auto long_on = at::TensorOptions().dtype(at::kLong).device(logp.device());
    std::vector<std::int64_t> group_rows;
    std::vector<const std::vector<std::int32_t>*> prefixes;
    for (std::int64_t b = 0; b < B; ++b)
      for (int j = 0; j < S; ++j) {
        group_rows.push_back(b * N + g * S + j);
        prefixes.push_back(&seqs_[group_rows.back()]);
      }
    at::Tensor lp = logp.index_select(0, at::tensor(group_rows, long_on));
    if (constraint_) constraint_->process(prefixes, lp);
    if (g > 0 && config_.diversity_penalty != 0) penalise_earlier_choices(lp, g);
    std::vector<float> base;
    for (auto r : group_rows) base.push_back(static_cast<float>(beam_scores_[r]));
    return lp + at::tensor(base, lp.options()).unsqueeze(1);
  }

  // Hamming diversity: this step's choices of the earlier groups of the same query, one
  // subtraction of the penalty per earlier beam (index_put_ accumulates repeats).
  void penalise_earlier_choices(at::Tensor& lp, int g) const {
    const auto long_on = at::TensorOptions().dtype(at::kLong).device(lp.device());
    std::vector<std::int64_t> rows, tokens;
    for (std::int64_t b = 0; b < B; ++b)
      for (std::int64_t r = b * N; r < b * N + g * S; ++r)
        for (int j = 0; j < S; ++j) {
          rows.push_back(b * S + j);
          tokens.push_back(current_[r]);
        }
    const float penalty = static_cast<float>(config_.diversity_penalty);
    c10::List<c10::optional<at::Tensor>> at_chosen;
    at_chosen.push_back(at::tensor(rows, long_on));
    at_chosen.push_back(at::tensor(tokens, long_on));
    lp.index_put_(at_chosen,
                  at::full({static_cast<std::int64_t>(rows.size())}, -penalty, lp.options()),
                  /*accumulate=*/true);
  }

  // Takes group g's best 2S candidates per query (only they come to the host): EOS candidates
  // ranked within the first S become finished hypotheses, the others fill the group's S beams.
  void pick_candidates(int g, const at::Tensor& lp, std::int64_t V) {
    const auto best = lp.view({B, S * V}).topk(2 * S, 1, true, true);
    const at::Tensor top_scores = std::get<0>(best).to(at::kCPU).contiguous();
    const at::Tensor top_index = std::get<1>(best).to(at::kCPU).contiguous();
    auto sc = top_scores.accessor<float, 2>();
    auto ix = top_index.accessor<std::int64_t, 2>();
    for (std::int64_t b = 0; b < B; ++b) {
      const std::size_t bg = static_cast<std::size_t>(b * G + g);
      const std::int64_t first = b * N + g * S;
      if (done_[bg]) {  // HF pads finished groups: score 0, pad token, first beam
        for (int j = 0; j < S; ++j) {
          next_scores_[first + j] = 0;
          current_[first + j] = config_.pad;
          parents_[first + j] = first;
        }
        continue;
      }
      int filled = 0;
      for (int rank = 0; rank < 2 * S && filled < S; ++rank) {
        const std::int64_t token = ix[b][rank] % V;
        const std::int64_t parent = first + ix[b][rank] / V;
        const double score = sc[b][rank];
        if (token == config_.eos) {
          if (rank >= S) continue;
          finished_[bg].add(seqs_[parent], score, true);
        } else {
          next_scores_[first + filled] = score;
          current_[first + filled] = token;
          parents_[first + filled] = parent;
          ++filled;
        }
      }
      // HF passes the length the candidates' scores were computed on: cur_len + 1.
      done_[bg] = done_[bg] || finished_[bg].is_done(sc[b][0], cur_len_ + 1);
    }
  }

  // Every row becomes its parent's sequence plus its chosen token.
  void advance() {
    std::vector<std::vector<std::int32_t>> next_seqs(static_cast<std::size_t>(rows_));
    for (std::int64_t r = 0; r < rows_; ++r) {
      next_seqs[r] = seqs_[parents_[r]];
      next_seqs[r].push_back(static_cast<std::int32_t>(current_[r]));
    }
    seqs_ = std::move(next_seqs);
    beam_scores_ = next_scores_;
    ++cur_len_;
  }

  const BeamSearchConfig& config_;
  const int N, G, S;  // beams, groups, beams per group
  const std::int64_t B, rows_;
  const LogitsProcessor* constraint_;
  std::vector<double> beam_scores_;
  std::vector<std::vector<std::int32_t>> seqs_;
  std::vector<Finished> finished_;  // per (query, group)
  std::vector<bool> done_;          // per (query, group)
  int cur_len_ = 1;                 // decoder positions so far, start token included
  // This step's choice per row: token, parent row and score.
  std::vector<std::int64_t> current_, parents_;
  std::vector<double> next_scores_;
};

}  // namespace

std::vector<std::vector<Hypothesis>> group_beam_search(NextTokenScorer& scorer,
                                                       const BeamSearchConfig& config,
                                                       const LogitsProcessor* constraint) {
  const int N = config.num_beams, G = config.num_groups;
  if (N < 1 || G < 1 || N % G != 0)
    throw UsageError("beam search: " + std::to_string(N) + " beams cannot form " +
                     std::to_string(G) + " equal groups");
  GroupBeamSearch search(config, scorer.num_queries(), constraint);
  at::Tensor logp = scorer.start(N).to(at::kFloat);
  while (search.step(logp)) logp = scorer.next(search.parents(), search.tokens()).to(at::kFloat);
  return search.results();
}

}  // namespace gensr
