#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "eval/item_groups.h"

namespace gensr {

// The paper's analyses of a joint model's predictions against a single-task model's (section 7,
// Tables 6-8); docs/evaluation.md defines each and says where the paper leaves a choice.

// One test instance of the evaluated task with both models' top-K predictions.
struct AnalysisQuery {
  std::vector<std::int32_t> relevant;       // rec: the target; search: the relevant items
  std::vector<std::int32_t> history;        // rec: the whole history, oldest first; search: empty
  std::vector<std::int32_t> single, joint;  // predictions, best first
};

// The item pairs an instance is about: rec, (history item, target) for each distinct history
// item other than the target; search, every unordered pair of distinct relevant items. Pairs
// are (smaller, larger).
std::vector<std::pair<std::int32_t, std::int32_t>> instance_pairs(bool rec, const AnalysisQuery& q);

// Table 6: mean over the instances (with predictions) of the mean popularity of the predicted
// items, popularity counted in the other task's training data.
double mean_predicted_popularity(const std::vector<std::vector<std::int32_t>>& predictions,
                                 const std::vector<std::int64_t>& popularity);

// Table 7, rec: number of (training query, history item) matches, i.e. the sum over the
// instance's pairs (h, target) of the training queries that have both h and target relevant.
std::int64_t history_target_query_matches(const AnalysisQuery& q, const ItemGroups& queries);
// Table 7, search: mean over the query's relevant pairs of the number of training user
// sequences holding both items; the query must have at least two relevant items.
double relevant_pair_cooccurrence(const AnalysisQuery& q, const ItemGroups& sequences);

// Table 8: a pair is redundant when it is in both tasks' training data (some group of each
// holds both items), non-redundant when it is in the other task's training data but not in the
// evaluated (target) task's.
enum class PairKind { kRedundant, kNonRedundant, kNeither };
PairKind classify_pair(std::int32_t a, std::int32_t b, const ItemGroups& target_task,
                       const ItemGroups& other_task);

struct PredictionAnalysis {
  // Table 6
  double popularity_single = 0, popularity_joint = 0;
  // Table 7: instances whose top-K lists differ between the models against those where they
  // are the same (instances with no pair are left out).
  std::int64_t differing = 0, identical = 0;
  double measure_differing = 0, measure_identical = 0, measure_all = 0;
  // Table 8: distinct pairs of each kind over the test instances, and Recall@K of both models
  // on the instances holding at least one pair of the kind.
  struct Group {
    std::int64_t pairs = 0, instances = 0;
    double recall_single = 0, recall_joint = 0;
  } redundant, non_redundant;
};

// `rec` says which task the instances belong to; `rec_train` groups items by user training
// sequence and `search_train` by training query; `other_popularity` is the training popularity
// in the task that is not evaluated.
PredictionAnalysis analyse_predictions(bool rec, const std::vector<AnalysisQuery>& queries,
                                       const ItemGroups& rec_train, const ItemGroups& search_train,
                                       const std::vector<std::int64_t>& other_popularity, int k);

// (b - a) / a, 0 when a is 0.
double relative_change(double a, double b);

nlohmann::json analysis_json(const PredictionAnalysis& a, bool rec);
std::string analysis_markdown(const PredictionAnalysis& a, bool rec);

}  // namespace gensr
