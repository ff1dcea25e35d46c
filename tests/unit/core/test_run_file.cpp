#define BOOST_TEST_MODULE run_file
#include <boost/test/unit_test.hpp>

#include "eval/run_file.h"
#include "support/temp_dir.h"
#include "util/error.h"

using gensr::test::TempDir;

BOOST_AUTO_TEST_CASE(scores_strictly_decrease_within_a_query_even_when_tied) {
  TempDir dir;
  gensr::write_run(
      dir / "run.txt",
      {{"q1", "a", 1, 0.5}, {"q1", "b", 2, 0.5}, {"q1", "c", 3, 0.7}, {"q2", "a", 1, 0.9}},
      "gensr");
  const auto run = gensr::read_run(dir / "run.txt");
  BOOST_REQUIRE_EQUAL(run.size(), 4u);
  BOOST_TEST(run[0].score == 0.5);
  BOOST_TEST(run[1].score < run[0].score);
  BOOST_TEST(run[2].score < run[1].score);
  BOOST_TEST(run[3].score == 0.9);  // a new query starts afresh
  BOOST_TEST(run[2].item == "c");
  BOOST_TEST(run[2].rank == 3);
}

BOOST_AUTO_TEST_CASE(a_malformed_run_line_is_named) {
  TempDir dir;
  gensr::test::write_text(dir / "run.txt", "q1 Q0 a 1 0.5 t\nq1 Q0 b two 0.4 t\n");
  try {
    gensr::read_run(dir / "run.txt");
    BOOST_FAIL("expected an error");
  } catch (const gensr::InputError& e) {
    BOOST_TEST(std::string(e.what()) == dir / "run.txt:2: rank: not an integer");
  }
}

BOOST_AUTO_TEST_CASE(qrels_lines_follow_trec) {
  TempDir dir;
  gensr::write_qrels(dir / "qrels.txt", {{"q1", "a", 1}, {"q2", "b", 2}});
  BOOST_TEST(gensr::test::read_text(dir / "qrels.txt") == "q1 0 a 1\nq2 0 b 2\n");
}
