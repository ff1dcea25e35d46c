#define BOOST_TEST_MODULE eval_compare
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/run.h"
#include "support/temp_dir.h"

using gensr::test::program;
using gensr::test::read_text;
using gensr::test::run_command;

namespace {

// Gen_R+S and Gen_R on SIM2, each evaluated on rec, shared by the cases below.
struct Evaluated {
  gensr::test::TempDir dir;
  Evaluated() {
    const std::string data = program("gensr-data");
    const std::string train = "OPENBLAS_NUM_THREADS=1 " + program("gensr-train") + " --data " +
                              (dir / "prep") + " --epochs 1 --batch-size 32 --threads 1 --quiet";
    const auto r = run_command(
        data + " simulate --kind sim2 --seed 3 --users 60 --out " + (dir / "sim") + " && " + data +
        " prepare --data " + (dir / "sim") + " --out " + (dir / "prep") + " && " + train +
        " --tasks rec,search --out " + (dir / "joint") + " && " + train + " --tasks rec --out " +
        (dir / "single") + " && " + eval("joint", "--task rec --k 4 --out " + (dir / "e-joint")) +
        " && " + eval("single", "--task rec --k 4 --out " + (dir / "e-single")));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  }
  std::string eval(const std::string& run, const std::string& extra) const {
    return program("gensr-eval") + " --checkpoint " + (dir / (run + "/best.h5")) + " --data " +
           (dir / "prep") + " --threads 1 " + extra;
  }
  std::string eval_program(const std::string& args) const {
    return program("gensr-eval") + " " + args;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(eval_compare, Evaluated)

BOOST_AUTO_TEST_CASE(scoring_a_gensr_run_file_reproduces_its_metrics) {
  const auto r =
      run_command(eval_program("score --run " + (dir / "e-joint/run.trec") + " --data " +
                               (dir / "prep") + " --task rec --k 4 --out " + (dir / "scored")));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  BOOST_TEST(read_text(dir / "scored/per_query.tsv") == read_text(dir / "e-joint/per_query.tsv"));
  BOOST_TEST(read_text(dir / "scored/summary.md") == read_text(dir / "e-joint/summary.md"));
}

BOOST_AUTO_TEST_CASE(scoring_a_run_with_an_unknown_item_names_the_file_and_line) {
  std::string run = read_text(dir / "e-joint/run.trec");
  const std::string first = run.substr(0, run.find('\n'));
  const std::string query = first.substr(0, first.find(' '));
  gensr::test::write_text(dir / "bad.trec", first + "\n" + query + " Q0 no-such-item 2 -99 x\n");
  const auto r = run_command(eval_program("score --run " + (dir / "bad.trec") + " --data " +
                                          (dir / "prep") + " --task rec --out " + (dir / "bad")));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("bad.trec:2: docid: 'no-such-item'") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(compare_writes_a_paired_test_per_metric_and_slice) {
  const auto r = run_command(eval_program("compare " + (dir / "e-single") + " " +
                                          (dir / "e-joint") + " --out " + (dir / "cmp")));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  const auto cmp = nlohmann::json::parse(read_text(dir / "cmp/compare.json"));
  for (const char* slice : {"all", "head", "torso"})
    for (const char* metric : {"recall", "ndcg", "mrr"}) {
      const double p = cmp["metrics"][slice][metric]["p_value"];
      BOOST_TEST((p >= 0.0 && p <= 1.0));
    }
  const auto joint = nlohmann::json::parse(read_text(dir / "e-joint/summary.json"));
  BOOST_TEST(cmp["metrics"]["all"]["recall"]["b"].get<double>() ==
                 joint["metrics"]["all"]["recall"].get<double>(),
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(read_text(dir / "cmp/compare.md").find("| all | recall |") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(compare_refuses_evaluations_of_different_queries) {
  const auto s = run_command(eval("joint", "--task search --k 4 --out " + (dir / "e-search")));
  BOOST_TEST_REQUIRE(s.exit_code == 0, s.output);
  const auto r = run_command(eval_program("compare " + (dir / "e-joint") + " " +
                                          (dir / "e-search") + " --out " + (dir / "cmp2")));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("differ in") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(beam_decoding_writes_the_same_run_as_topk) {
  const auto r =
      run_command(eval("joint", "--task rec --k 4 --decoding beam --out " + (dir / "e-beam")));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  // Same items in the same order; scores agree to float precision (the beam rows are decoded
  // in a batch of another shape, which may change the last bits of the matmuls).
  std::istringstream beam(read_text(dir / "e-beam/run.trec"));
  std::istringstream topk(read_text(dir / "e-joint/run.trec"));
  std::string qb, qt, x, ib, it, tag;
  int rb, rt, lines = 0;
  double sb, st;
  while (topk >> qt >> x >> it >> rt >> st >> tag) {
    BOOST_REQUIRE(beam >> qb >> x >> ib >> rb >> sb >> tag);
    BOOST_TEST(qb == qt);
    BOOST_TEST(ib == it);
    BOOST_TEST(rb == rt);
    BOOST_TEST(sb == st, boost::test_tools::tolerance(1e-4));
    ++lines;
  }
  BOOST_TEST(lines > 0);
  BOOST_TEST(!(beam >> qb));
}

BOOST_AUTO_TEST_CASE(diverse_decoding_is_identical_at_one_and_two_ranks_and_counts_items) {
  const auto one = run_command(eval("joint",
                                    "--task rec --k 4 --decoding diverse --queries-per-batch 16 "
                                    "--out " +
                                        (dir / "d1")));
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.output);
  const auto two = run_command(gensr::test::mpirun(2) +
                               eval("joint",
                                    "--task rec --k 4 --decoding diverse --queries-per-batch 16 "
                                    "--out " +
                                        (dir / "d2")));
  BOOST_TEST_REQUIRE(two.exit_code == 0, two.output);
  BOOST_TEST(read_text(dir / "d1/run.trec") == read_text(dir / "d2/run.trec"));
  const auto summary = nlohmann::json::parse(read_text(dir / "d1/summary.json"));
  BOOST_TEST(summary["decoding"] == "diverse");
  const double mean = summary["distinct_items"]["mean_per_query"];
  BOOST_TEST((mean > 0.0 && mean <= 4.0));
}

BOOST_AUTO_TEST_CASE(diverse_decoding_with_odd_k_is_a_usage_error) {
  const auto r =
      run_command(eval("joint", "--task rec --k 3 --decoding diverse --out " + (dir / "odd")));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find("even --k") != std::string::npos, r.output);
  const auto u = run_command(eval("joint", "--task rec --decoding greedy --out " + (dir / "odd")));
  BOOST_TEST(u.exit_code == 2);
  BOOST_TEST(u.output.find("--decoding must be") != std::string::npos, u.output);
}

BOOST_AUTO_TEST_CASE(analyse_writes_tables_6_to_8) {
  const auto r = run_command(eval_program("analyse --joint " + (dir / "e-joint") + " --single " +
                                          (dir / "e-single") + " --data " + (dir / "prep") +
                                          " --task rec --out " + (dir / "an")));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  const auto a = nlohmann::json::parse(read_text(dir / "an/analysis.json"));
  BOOST_TEST(a["k"] == 4);
  BOOST_TEST(a["table6"]["single"].get<double>() >= 0.0);
  BOOST_TEST(a["table7"]["differing_instances"].get<long>() +
                 a["table7"]["identical_instances"].get<long>() <=
             a["queries"].get<long>());
  BOOST_TEST(a["table8"]["redundant"]["pairs"].get<long>() >= 0);
  BOOST_TEST(read_text(dir / "an/analysis.md").find("Table 8") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
