#define BOOST_TEST_MODULE baseline
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/run.h"
#include "support/temp_dir.h"

using gensr::test::program;
using gensr::test::read_text;
using gensr::test::run_command;
using gensr::test::write_text;

namespace {

const char* kTitles[] = {"Alpha Station",  "Bravo River",    "Charlie Garden", "Delta Machine",
                         "Echo Forest",    "Foxtrot Castle", "Golf Island",    "Hotel Desert",
                         "India Mountain", "Juliet Harbor"};
const char* kThings[] = {"cats",   "dogs",   "boats",   "trains",  "planes",
                         "robots", "ghosts", "pirates", "dragons", "wizards"};
const char* kWeather[] = {"snowy",  "sunny", "rainy", "windy", "foggy",
                          "stormy", "misty", "icy",   "dusty", "cloudy"};

// Ten items i0..i9. Twenty users walk the cycle i0 -> i1 -> ... -> i9 -> i0 for six steps from
// item (user mod 10), so the next item always follows the last one. Every item has two training
// queries ("cats film", "snowy movie"), a validation query naming both words in another form
// ("cat snowy": only stemming and the training-query text find it) and a test query that is its
// exact title.
struct ToyData {
  gensr::test::TempDir dir;
  ToyData() {
    const std::string raw = dir / "raw";
    std::filesystem::create_directories(raw);
    std::ostringstream items, inter, queries, qrels;
    items << "item_id\ttitle\n";
    for (int i = 0; i < 10; ++i) items << "i" << i << '\t' << kTitles[i] << '\n';
    inter << "user_id\titem_id\ttimestamp\n";
    for (int u = 0; u < 20; ++u)
      for (int step = 0; step < 6; ++step)
        inter << "u" << u << "\ti" << (u + step) % 10 << '\t' << 100 * u + step << '\n';
    queries << "query_id\ttext\tsplit\n";
    qrels << "query_id\titem_id\trelevance\n";
    for (int i = 0; i < 10; ++i) {
      std::string thing = kThings[i];
      thing.pop_back();
      queries << "t" << i << "a\t" << kThings[i] << " film\ttrain\n"
              << "t" << i << "b\t" << kWeather[i] << " movie\ttrain\n"
              << "v" << i << '\t' << thing << ' ' << kWeather[i] << "\tvalid\n"
              << "x" << i << '\t' << kTitles[i] << "\ttest\n";
      for (const char* q : {"a", "b"}) qrels << "t" << i << q << "\ti" << i << "\t1\n";
      qrels << "v" << i << "\ti" << i << "\t1\n"
            << "x" << i << "\ti" << i << "\t1\n";
    }
    write_text(raw + "/items.tsv", items.str());
    write_text(raw + "/interactions.tsv", inter.str());
    write_text(raw + "/queries.tsv", queries.str());
    write_text(raw + "/qrels.tsv", qrels.str());
    write_text(raw + "/dataset.json", R"({"name": "toy cycle", "source": "test_baseline"})");
    const auto r =
        run_command(program("gensr-data") + " prepare --data " + raw + " --out " + (dir / "prep"));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.output);
  }

  // Runs a baseline, scores its run with gensr-eval and returns the summary.
  nlohmann::json score(const std::string& name, const std::string& args, const std::string& task,
                       const std::string& split) const {
    const std::string run = dir / (name + ".trec");
    const auto b =
        run_command(program("gensr-baseline") + " " + args + " --data " + (dir / "prep") +
                    " --task " + task + " --split " + split + " --k 3 --out " + run);
    BOOST_TEST_REQUIRE(b.exit_code == 0, b.output);
    const auto e = run_command(program("gensr-eval") + " score --run " + run + " --data " +
                               (dir / "prep") + " --task " + task + " --split " + split +
                               " --k 3 --out " + (dir / (name + "-eval")));
    BOOST_TEST_REQUIRE(e.exit_code == 0, e.output);
    return nlohmann::json::parse(read_text(dir / (name + "-eval/summary.json")));
  }
  static double recall(const nlohmann::json& summary) {
    return summary["metrics"]["all"]["recall"].get<double>();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(gensr_baseline, ToyData)

BOOST_AUTO_TEST_CASE(transitions_predict_the_next_item_of_the_cycle) {
  for (const std::string split : {"valid", "test"}) {
    const auto s = score("trans-" + split, "transitions", "rec", split);
    BOOST_TEST(s["metrics"]["all"]["queries"] == 20);
    BOOST_TEST(recall(s) == 1.0, split);
    BOOST_TEST(s["metrics"]["all"]["mrr"].get<double>() == 1.0, split);
  }
}

BOOST_AUTO_TEST_CASE(pop_r_gains_from_removing_the_history) {
  // Every item is a training target 6 times, so Pop_R lists i0 i1 i2: the test targets
  // i(u+5) of users starting at 5, 6, 7 (6 of 20). Without history, users starting at 0-2 and
  // 5-9 get their target among the 3 lowest items left (16 of 20).
  BOOST_TEST(recall(score("pop-hist", "pop --keep-history", "rec", "test")) == 0.3,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(recall(score("pop-nohist", "pop", "rec", "test")) == 0.8,
             boost::test_tools::tolerance(1e-12));
  // The run file: user ids as query ids, the counts as scores, strictly decreasing.
  std::istringstream lines(read_text(dir / "pop-hist.trec"));
  std::string q, q0, item, tag;
  int rank;
  double score;
  BOOST_TEST_REQUIRE(static_cast<bool>(lines >> q >> q0 >> item >> rank >> score >> tag));
  BOOST_TEST(q.substr(0, 1) == "u");
  BOOST_TEST(item == "i0");
  BOOST_TEST(score == 6.0);
  BOOST_TEST(tag == "Pop_R");
  double previous = score;
  while (lines >> q >> q0 >> item >> rank >> score >> tag && rank > 1) {
    BOOST_TEST(score < previous);
    previous = score;
  }
  const auto options = nlohmann::json::parse(read_text(dir / "pop-hist.trec.json"));
  BOOST_TEST(options["tag"] == "Pop_R");
  BOOST_TEST(options["options"]["keep-history"] == true);
}

BOOST_AUTO_TEST_CASE(pop_s_scores_search_queries) {
  // Two training queries per item: Pop_S lists i0 i1 i2, relevant for 3 of 10 test queries.
  BOOST_TEST(recall(score("pop-s", "pop", "search", "test")) == 0.3,
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bm25_finds_exact_titles_and_training_query_words) {
  const auto test = score("bm25-test", "bm25", "search", "test");
  BOOST_TEST(test["metrics"]["all"]["queries"] == 10);
  BOOST_TEST(recall(test) == 1.0);
  BOOST_TEST(test["metrics"]["all"]["mrr"].get<double>() == 1.0);
  // "cat snowy" reaches i0 only through its stemmed training queries "cats film", "snowy movie".
  const auto valid = score("bm25-valid", "bm25", "search", "valid");
  BOOST_TEST(recall(valid) == 1.0);
  const auto info = nlohmann::json::parse(read_text(dir / "bm25-valid.trec.json"));
  BOOST_TEST(info["dataset"] == dir / "raw");  // found through prep/options.json
  BOOST_TEST(info["bm25"]["documents"] == 10);
}

BOOST_AUTO_TEST_CASE(bad_usage_exits_2_and_writes_nothing) {
  const std::string base = program("gensr-baseline") + " ";
  const std::string data = " --data " + (dir / "prep") + " --out " + (dir / "bad.trec");
  BOOST_TEST(run_command(base + "bm25 --task rec" + data).exit_code == 2);
  BOOST_TEST(run_command(base + "transitions --task search" + data).exit_code == 2);
  BOOST_TEST(run_command(base + "nearest --task rec" + data).exit_code == 2);
  BOOST_TEST(run_command(base + "pop --task rec --k 11" + data).exit_code == 2);
  const auto other = run_command(base + "bm25 --task search --dataset " + (dir / "prep") +
                                 data);  // not a dataset folder
  BOOST_TEST(other.exit_code == 2, other.output);
  BOOST_TEST(!std::filesystem::exists(dir / "bad.trec"));
  const auto help = run_command(base + "transitions --help");
  BOOST_TEST(help.exit_code == 0);
  BOOST_TEST(help.output.find("--window") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
