#define BOOST_TEST_MODULE comparison
#include <boost/test/unit_test.hpp>

#include "eval/comparison.h"
#include "eval/per_query_table.h"
#include "support/temp_dir.h"
#include "util/error.h"

using gensr::PerQueryTable;
using gensr::QueryMetrics;

namespace {
PerQueryTable table(const std::vector<double>& recalls) {
  PerQueryTable t;
  for (std::size_t i = 0; i < recalls.size(); ++i)
    t["all"]["q" + std::to_string(i)] = QueryMetrics{recalls[i], recalls[i] / 2, 0};
  return t;
}
}  // namespace

BOOST_AUTO_TEST_CASE(reads_the_per_query_table_gensr_eval_writes) {
  gensr::test::TempDir dir;
  gensr::test::write_text(dir / "pq.tsv",
                          "slice\tquery_id\trecall\tndcg\tmrr\nall\tq1\t1\t0.5\t0.25\n"
                          "head\tq1\t0\t0\t0\n");
  const auto t = gensr::read_per_query_tsv(dir / "pq.tsv");
  BOOST_TEST(t.at("all").at("q1").recall == 1.0);
  BOOST_TEST(t.at("all").at("q1").mrr == 0.25);
  BOOST_TEST(t.at("head").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_bad_per_query_line_is_named) {
  gensr::test::TempDir dir;
  gensr::test::write_text(dir / "pq.tsv",
                          "slice\tquery_id\trecall\tndcg\tmrr\nall\tq1\tx\t0.5\t0.25\n");
  try {
    gensr::read_per_query_tsv(dir / "pq.tsv");
    BOOST_FAIL("expected an InputError");
  } catch (const gensr::InputError& e) {
    BOOST_TEST(std::string(e.what()).find(":2: recall:") != std::string::npos, e.what());
  }
}

// Differences b - a = {0.1, 0.2, 0.3}: mean 0.2, sd 0.1, t = 0.2 / (0.1 / sqrt 3) = 3.4641,
// df 2, two-sided p = 0.0742 (t tables: t_{0.975,2} = 4.303 > 3.46 > t_{0.95,2} = 2.92).
BOOST_AUTO_TEST_CASE(each_metric_gets_a_paired_test_and_relative_improvement) {
  const auto rows = gensr::compare_tables(table({0.2, 0.4, 0.6}), table({0.3, 0.6, 0.9}), "A", "B");
  BOOST_REQUIRE_EQUAL(rows.size(), 3u);  // recall, ndcg, mrr on the one slice
  BOOST_TEST(rows[0].slice == "all");
  BOOST_TEST(rows[0].metric == "recall");
  BOOST_TEST(rows[0].test.n == 3);
  BOOST_TEST(rows[0].test.t == 3.4641016, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(rows[0].test.p_value == 0.0742, boost::test_tools::tolerance(0.01));
  BOOST_TEST(rows[0].test.relative_improvement() == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(!rows[0].test.significant());
  BOOST_TEST(rows[2].test.p_value == 1.0);  // mrr: all zero on both sides
  const auto json = gensr::comparison_json(rows, 0.05);
  BOOST_TEST(json["all"]["recall"]["queries"] == 3);
  const std::string md = gensr::comparison_markdown(rows, "A", "B", 0.05);
  BOOST_TEST(md.find("| all | recall | 3 | 0.4000 | 0.6000 | +50.0% |") != std::string::npos, md);
}

BOOST_AUTO_TEST_CASE(different_query_sets_are_refused_naming_a_query) {
  auto b = table({0.3, 0.6, 0.9});
  b["all"].erase("q1");
  b["all"]["q7"] = QueryMetrics{};
  try {
    gensr::compare_tables(table({0.2, 0.4, 0.6}), b, "A", "B");
    BOOST_FAIL("expected a UsageError");
  } catch (const gensr::UsageError& e) {
    BOOST_TEST(std::string(e.what()).find("'q1' is in A but not in B") != std::string::npos,
               e.what());
  }
}

// A Head slice where A found nothing and B half: no relative change exists, "+0.0%" would lie.
BOOST_AUTO_TEST_CASE(the_change_from_a_zero_a_is_printed_as_not_applicable) {
  const auto rows = gensr::compare_tables(table({0, 0}), table({0.5, 1.0}), "A", "B");
  const std::string md = gensr::comparison_markdown(rows, "A", "B", 0.05);
  BOOST_TEST(md.find("| all | recall | 2 | 0.0000 | 0.7500 | n/a |") != std::string::npos, md);
  BOOST_TEST(md.find("+0.0%") == std::string::npos, md);
}
