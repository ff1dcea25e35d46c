#define BOOST_TEST_MODULE item_embeddings
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "baselines/item_text.h"
#include "baselines/text_analysis.h"
#include "data/dataset.h"
#include "data/splits.h"
#include "ids/cooccurrence.h"
#include "ids/item_embeddings.h"
#include "ids/parallel.h"
#include "ids/ppmi.h"
#include "ids/tfidf.h"
#include "ids/training_matrices.h"
#include "sim/sim2.h"
#include "util/error.h"

using namespace gensr;
using namespace gensr::ids;
namespace tt = boost::test_tools;

namespace {

// Row r of `m` as a dense vector.
std::vector<float> dense_row(const SparseMatrix& m, std::int64_t r) {
  std::vector<float> row(static_cast<std::size_t>(m.cols), 0.0f);
  for (std::int64_t e = m.offsets[r]; e < m.offsets[r + 1]; ++e) row[m.indices[e]] = m.values[e];
  return row;
}

SparseMatrix from_dense(const std::vector<std::vector<float>>& rows) {
  SparseMatrix m;
  m.rows = static_cast<std::int64_t>(rows.size());
  m.cols = static_cast<std::int64_t>(rows[0].size());
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c)
      if (row[c] != 0) {
        m.indices.push_back(static_cast<std::int32_t>(c));
        m.values.push_back(row[c]);
      }
    m.offsets.push_back(m.nonzeros());
  }
  return m;
}

// One user whose items are 0, 1, ..., n-1 in that order.
Dataset one_user(int n) {
  Dataset d;
  for (int i = 0; i < n; ++i) d.add_item("i" + std::to_string(i));
  d.user_ids = {"u"};
  for (int i = 0; i < n; ++i) d.interactions.push_back({0, i, i});
  return d;
}

sim::Sim2Options small_sim2() {
  sim::Sim2Options o;
  o.users = 120;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(cooccurrence_counts_pairs_within_the_window_in_both_directions) {
  const std::vector<std::vector<std::int32_t>> seqs = {{0, 1, 2, 1}};
  const SparseMatrix w1 = cooccurrence_counts(seqs, {4}, 3, 1);
  BOOST_TEST(dense_row(w1, 0) == std::vector<float>({0, 1, 0}), tt::per_element());
  BOOST_TEST(dense_row(w1, 1) == std::vector<float>({1, 0, 2}), tt::per_element());
  BOOST_TEST(dense_row(w1, 2) == std::vector<float>({0, 2, 0}), tt::per_element());
  // window 2 adds (2, 0); (1, 1) two apart is an item with itself and does not count
  const SparseMatrix w2 = cooccurrence_counts(seqs, {4}, 3, 2);
  BOOST_TEST(dense_row(w2, 0) == std::vector<float>({0, 1, 1}), tt::per_element());
  BOOST_TEST(dense_row(w2, 1) == std::vector<float>({1, 0, 2}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(cooccurrence_counts_only_the_given_prefix) {
  const SparseMatrix m = cooccurrence_counts({{0, 1, 2, 3}}, {2}, 4, 3);
  BOOST_TEST(m.nonzeros() == 2);
  BOOST_TEST(empty_rows(m) == 2);
}

BOOST_AUTO_TEST_CASE(cooccurrence_counts_do_not_depend_on_the_block_budget) {
  const std::vector<std::vector<std::int32_t>> seqs = {{0, 3, 1, 4, 0, 2}, {4, 4, 2, 3, 1}};
  const SparseMatrix whole = cooccurrence_counts(seqs, {6, 5}, 5, 3);
  const SparseMatrix blocks = cooccurrence_counts(seqs, {6, 5}, 5, 3, 2);  // one row per pass
  BOOST_TEST(whole.offsets == blocks.offsets, tt::per_element());
  BOOST_TEST(whole.indices == blocks.indices, tt::per_element());
  BOOST_TEST(whole.values == blocks.values, tt::per_element());
}

BOOST_AUTO_TEST_CASE(ppmi_of_a_hand_counted_toy) {
  // Row sums 5, 5, 8, 6; total 24.
  const SparseMatrix counts = from_dense({{0, 4, 1, 0}, {4, 0, 1, 0}, {1, 1, 0, 6}, {0, 0, 6, 0}});
  const SparseMatrix m = ppmi(counts);
  const float p01 = std::log(4.0f * 24 / (5 * 5)), p23 = std::log(6.0f * 24 / (8 * 6));
  // PMI(0, 2) = log(24 / 40) < 0 is dropped
  BOOST_TEST(dense_row(m, 0) == std::vector<float>({0, p01, 0, 0}), tt::tolerance(1e-6f)
                                                                        << tt::per_element());
  BOOST_TEST(dense_row(m, 2) == std::vector<float>({0, 0, 0, p23}), tt::tolerance(1e-6f)
                                                                        << tt::per_element());
  BOOST_TEST(m.nonzeros() == 4);
}

BOOST_AUTO_TEST_CASE(tfidf_weighs_sublinear_counts_by_idf_and_drops_terms_linking_no_items) {
  // "durian" is in one document, "fruit" in all three with text: neither separates items.
  const std::vector<std::string> docs = {"apple banana durian fruit", "apple cherry fruit",
                                         "banana banana cherry the fruit", ""};
  const SparseMatrix counts = term_counts(docs, TextAnalyser());
  BOOST_TEST(counts.cols == 5);  // appl banana durian fruit cherri ("the" is a stop word)
  const SparseMatrix m = tfidf(counts);
  BOOST_TEST(m.cols == 3);  // appl banana cherri
  const double idf = std::log(3.0 / 2.0);
  const double banana = (1 + std::log(2.0)) * idf, cherry = idf;
  const double norm = std::sqrt(banana * banana + cherry * cherry);
  BOOST_TEST(dense_row(m, 2) == std::vector<float>({0, static_cast<float>(banana / norm),
                                                    static_cast<float>(cherry / norm)}),
             tt::tolerance(1e-6f) << tt::per_element());
  BOOST_TEST(dense_row(m, 0) == std::vector<float>({1 / std::sqrt(2.0f), 1 / std::sqrt(2.0f), 0}),
             tt::tolerance(1e-6f) << tt::per_element());
  BOOST_TEST(empty_rows(m) == 1);
}

BOOST_AUTO_TEST_CASE(the_collaborative_matrix_leaves_out_validation_and_test_targets) {
  // 6 items: training targets are items 1..3, validation 4, test 5.
  const Dataset d = one_user(6);
  const SparseMatrix m = collaborative_matrix(split_recommendation(d), 6, 10);
  BOOST_TEST(dense_row(m, 4) == std::vector<float>(6, 0.0f), tt::per_element());
  BOOST_TEST(dense_row(m, 5) == std::vector<float>(6, 0.0f), tt::per_element());
  BOOST_TEST(empty_rows(m) == 2);
}

BOOST_AUTO_TEST_CASE(item_text_is_the_title_and_the_training_queries_only) {
  Dataset d = one_user(2);
  d.item_titles = {"Title Zero", ""};
  d.queries = {{"q1", "asked in training", Split::kTrain}, {"q2", "asked at test", Split::kTest}};
  d.qrels = {{0, 0, 1}, {1, 0, 1}};
  const std::vector<std::string> docs = item_documents(d, split_search(d));
  BOOST_TEST(docs[0] == "Title Zero\nasked in training");
  BOOST_TEST(docs[1] == "");
}

BOOST_AUTO_TEST_CASE(embeddings_reproduce_at_a_fixed_seed) {
  const Dataset d = sim::simulate_sim2(small_sim2());
  const RecSplits rec = split_recommendation(d);
  const SearchSplits search = split_search(d);
  EmbeddingOptions opt;
  opt.dim = 8;
  opt.seed = 5;
  for (const EmbeddingKind kind :
       {EmbeddingKind::kCollaborative, EmbeddingKind::kTextual, EmbeddingKind::kJoint}) {
    opt.kind = kind;
    const ItemEmbeddings a = embed_items(d, rec, search, opt), b = embed_items(d, rec, search, opt);
    BOOST_TEST(a.values == b.values, tt::per_element());
    BOOST_TEST(a.values.size() == 30u * 8u);
    BOOST_TEST(a.kind == embedding_kind_name(kind));
  }
}

BOOST_AUTO_TEST_CASE(embeddings_are_the_same_at_one_and_two_threads) {
  const Dataset d = sim::simulate_sim2(small_sim2());
  EmbeddingOptions opt;
  opt.dim = 8;
  set_parallel_threads(1);
  const ItemEmbeddings one = embed_items(d, split_recommendation(d), split_search(d), opt);
  set_parallel_threads(2);
  const ItemEmbeddings two = embed_items(d, split_recommendation(d), split_search(d), opt);
  BOOST_TEST(one.values == two.values, tt::per_element());
}

BOOST_AUTO_TEST_CASE(a_dimension_beyond_the_rank_is_padded_with_zero_columns) {
  const Dataset d = sim::simulate_sim2(small_sim2());
  EmbeddingOptions opt;
  opt.kind = EmbeddingKind::kCollaborative;
  opt.dim = 40;  // 30 items
  const ItemEmbeddings e = embed_items(d, split_recommendation(d), split_search(d), opt);
  BOOST_TEST(e.rank == 30);
  BOOST_TEST(e.dim == 40);
  for (std::int64_t i = 0; i < e.num_items(); ++i)
    for (std::int64_t c = 30; c < 40; ++c) BOOST_TEST(e.row(i)[c] == 0.0f);
}

BOOST_AUTO_TEST_CASE(a_kind_without_its_training_signal_is_a_usage_error) {
  Dataset d = one_user(6);  // interactions but no text
  EmbeddingOptions opt;
  opt.kind = EmbeddingKind::kTextual;
  BOOST_CHECK_THROW(embed_items(d, split_recommendation(d), split_search(d), opt), UsageError);
  opt.kind = EmbeddingKind::kJoint;
  BOOST_CHECK_THROW(embed_items(d, split_recommendation(d), split_search(d), opt), UsageError);
  BOOST_CHECK_THROW(parse_embedding_kind("sasrec"), UsageError);
}
