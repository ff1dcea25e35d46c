#define BOOST_TEST_MODULE run_ranking
#include <boost/test/unit_test.hpp>

#include "eval/run_ranking.h"
#include "util/error.h"

using gensr::RunEntry;

namespace {
const std::vector<std::string> kQueries = {"q1", "q2", "q3"};
const std::vector<std::string> kItems = {"a", "b", "c", "d"};
}  // namespace

BOOST_AUTO_TEST_CASE(entries_are_ordered_by_score_then_docno_descending_as_trec_eval) {
  const std::vector<RunEntry> run = {{"q1", "a", 1, 0.5, 1},
                                     {"q1", "c", 2, 0.9, 2},
                                     {"q1", "b", 3, 0.5, 3},
                                     {"q2", "d", 1, 1.0, 4}};
  const auto r = gensr::rank_run(run, "run.trec", kQueries, kItems, "the test queries");
  BOOST_TEST(r.items[0] == (std::vector<std::int32_t>{2, 1, 0}));  // c, then b before a (tie)
  BOOST_TEST(r.scores[0] == (std::vector<double>{0.9, 0.5, 0.5}));
  BOOST_TEST(r.items[1] == (std::vector<std::int32_t>{3}));
  BOOST_TEST(r.items[2].empty());  // a query the run does not answer ranks nothing
}

BOOST_AUTO_TEST_CASE(an_unknown_query_is_named_with_file_and_line) {
  const std::vector<RunEntry> run = {{"q1", "a", 1, 0.5, 1}, {"q9", "a", 1, 0.5, 7}};
  try {
    gensr::rank_run(run, "run.trec", kQueries, kItems, "the test queries of task rec");
    BOOST_FAIL("expected an InputError");
  } catch (const gensr::InputError& e) {
    BOOST_TEST(std::string(e.what()).find("run.trec:7: qid: 'q9'") == 0, e.what());
    BOOST_TEST(std::string(e.what()).find("test queries of task rec") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_item_is_named_with_file_and_line) {
  const std::vector<RunEntry> run = {{"q1", "zz", 1, 0.5, 3}};
  try {
    gensr::rank_run(run, "run.trec", kQueries, kItems, "the test queries");
    BOOST_FAIL("expected an InputError");
  } catch (const gensr::InputError& e) {
    BOOST_TEST(std::string(e.what()).find("run.trec:3: docid: 'zz'") == 0, e.what());
  }
}

BOOST_AUTO_TEST_CASE(an_item_listed_twice_for_a_query_is_refused) {
  const std::vector<RunEntry> run = {{"q1", "a", 1, 0.5, 1}, {"q1", "a", 2, 0.4, 2}};
  BOOST_CHECK_THROW(gensr::rank_run(run, "run.trec", kQueries, kItems, "the test queries"),
                    gensr::InputError);
}
