#define BOOST_TEST_MODULE baseline_run
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "baselines/baseline_run.h"
#include "baselines/bm25.h"
#include "baselines/item_text.h"
#include "data/dataset.h"
#include "data/prepared.h"
#include "eval/run_file.h"
#include "support/temp_dir.h"
#include "util/error.h"

using gensr::test::TempDir;

namespace {

// Six movies; three users (u1: 0 1 2 3 4, u2: 0 1 2 5 3, u3: 1 2 0 5 4, split as the paper does:
// the last item is test, the one before validation); three queries.
gensr::Dataset raw_dataset() {
  gensr::Dataset d;
  d.add_item("a", "Alien");
  d.add_item("b", "Heat");
  d.add_item("c", "Casino");
  d.add_item("d", "Toy Story");
  d.add_item("e", "Sabrina");
  d.add_item("f", "Jumanji");
  d.queries = {{"q1", "scary space monster", gensr::Split::kTrain},
               {"q2", "robbery thriller", gensr::Split::kValid},
               {"q3", "las vegas mob", gensr::Split::kTrain},
               {"q4", "toy story", gensr::Split::kTest}};
  d.qrels = {{0, 0, 1}, {1, 1, 1}, {2, 2, 1}, {3, 3, 1}};
  d.info = {{"name", "tiny"}};
  return d;
}

gensr::PreparedData prepared(const gensr::Dataset& raw) {
  gensr::PreparedData p;
  p.item_offset = 10;
  p.item_ids = raw.item_ids;
  p.seq_items = {0, 1, 2, 3, 4, 0, 1, 2, 5, 3, 1, 2, 0, 5, 4};
  p.seq_offsets = {0, 5, 10, 15};
  p.seq_users = {"u1", "u2", "u3"};
  for (std::int32_t s = 0; s < 3; ++s) {
    p.rec_train.push_back({s, 1});
    p.rec_train.push_back({s, 2});
    p.rec_valid.push_back({s, 3});
    p.rec_test.push_back({s, 4});
  }
  for (const auto& q : raw.queries) {
    p.query_ids.push_back(q.id);
    p.query_tokens.insert(p.query_tokens.end(), {5, gensr::kEosToken});
    p.query_offsets.push_back(static_cast<std::int64_t>(p.query_tokens.size()));
  }
  p.search_train = {{0, 0}, {2, 2}};
  p.search_valid = {{1, 1}};
  p.search_test = {{3, 3}};
  // Training targets 1 2 | 1 2 | 1 2... by hand: u1 1,2; u2 1,2; u3 2,0.
  p.popularity_rec = {1, 2, 3, 0, 0, 0};
  p.popularity_search = {1, 0, 1, 0, 0, 0};
  p.info = {{"source", raw.info}};
  return p;
}

struct Folders {
  TempDir dir;
  gensr::Dataset raw = raw_dataset();
  Folders() {
    gensr::write_dataset(dir / "raw", raw);
    raw = gensr::read_dataset(dir / "raw");  // info gains written_by, as prepare would see it
    gensr::PreparedData p = prepared(raw);
    gensr::write_prepared(dir / "prep", p);
  }
  gensr::BaselineOptions options(const std::string& kind, const std::string& task) const {
    gensr::BaselineOptions o;
    o.kind = kind;
    o.task = task;
    o.data = dir / "prep";
    o.dataset = dir / "raw";
    o.out = dir / "run.trec";
    o.k = 2;
    return o;
  }
  // Query id -> its items, best first.
  std::map<std::string, std::vector<std::string>> lists() const {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& e : gensr::read_run(dir / "run.trec")) out[e.query].push_back(e.item);
    return out;
  }
};

using Items = std::vector<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(baseline_run, Folders)

BOOST_AUTO_TEST_CASE(pop_r_lists_the_hand_counted_most_popular_items_for_every_user) {
  auto o = options("pop", "rec");
  o.keep_history = true;
  const auto summary = gensr::run_baseline(o);
  BOOST_TEST(summary["tag"] == "Pop_R");
  const auto l = lists();
  BOOST_TEST(l.size() == 3u);  // one per test user, the user id as query id
  for (const auto& [user, items] : l) BOOST_TEST(items == (Items{"c", "b"}), user);
  const auto run = gensr::read_run(dir / "run.trec");
  BOOST_TEST(run[0].score == 3.0);  // the counts are the scores
  BOOST_TEST(run[1].score == 2.0);
}

BOOST_AUTO_TEST_CASE(pop_r_without_history_skips_each_users_items) {
  const auto summary = gensr::run_baseline(options("pop", "rec"));
  BOOST_TEST(summary["tag"] == "Pop_R-nohist");
  const auto l = lists();
  BOOST_TEST(l.at("u1") == (Items{"e", "f"}));  // history a b c d
  BOOST_TEST(l.at("u2") == (Items{"d", "e"}));  // history a b c f
  BOOST_TEST(l.at("u3") == (Items{"d", "e"}));  // history b c a f
}

BOOST_AUTO_TEST_CASE(pop_s_ranks_by_search_popularity_for_both_tasks) {
  auto o = options("pop", "search");
  BOOST_TEST(gensr::run_baseline(o)["tag"] == "Pop_S");
  BOOST_TEST(lists().at("q4") == (Items{"a", "c"}));
  o.task = "rec";
  o.popularity = "search";
  o.split = "valid";
  BOOST_TEST(gensr::run_baseline(o)["tag"] == "Pop_S-nohist");
  BOOST_TEST(lists().at("u1") == (Items{"d", "e"}));  // history a b c
}

BOOST_AUTO_TEST_CASE(transitions_rank_successors_of_the_recent_items) {
  // Training pairs: a->b x2, b->c x3, c->a x1. u1's validation history a b c: c votes a (removed,
  // history), b votes c (history); all fill by Pop_R: d, e.
  auto o = options("transitions", "rec");
  o.split = "valid";
  o.keep_history = true;
  BOOST_TEST(gensr::run_baseline(o)["tag"] == "Transitions+hist");
  // Keeping history: c (last) -> a 1; b -> c 3 * 1/2 = 1.5: c first, then a.
  BOOST_TEST(lists().at("u1") == (Items{"c", "a"}));
  o.keep_history = false;
  BOOST_TEST(gensr::run_baseline(o)["tag"] == "Transitions");
  BOOST_TEST(lists().at("u1") == (Items{"d", "e"}));
}

BOOST_AUTO_TEST_CASE(bm25_indexes_titles_and_training_queries_only) {
  auto o = options("bm25", "search");
  const auto summary = gensr::run_baseline(o);
  BOOST_TEST(summary["tag"] == "BM25");
  BOOST_TEST(lists().at("q4") == (Items{"d"}));  // exact title; no fill by default
  o.split = "valid";
  gensr::run_baseline(o);
  // "robbery thriller" is q2's own (validation) text: it is not in any item's document.
  BOOST_TEST(lists().empty());
  o.fill = true;
  BOOST_TEST(gensr::run_baseline(o)["tag"] == "BM25+Pop_S");
  BOOST_TEST(lists().at("q2") == (Items{"a", "c"}));
}

BOOST_AUTO_TEST_CASE(item_documents_hold_the_title_and_training_query_text) {
  const auto docs = gensr::item_documents(raw, prepared(raw));
  BOOST_TEST(docs[0] == "Alien\nscary space monster");
  BOOST_TEST(docs[1] == "Heat");  // q2 is a validation query
  BOOST_TEST(docs[2] == "Casino\nlas vegas mob");
  BOOST_TEST(docs[3] == "Toy Story");  // q4 is a test query
  const gensr::Bm25Index index(docs);
  BOOST_TEST(index.search("space monsters", 3)[0].item == 0);
  BOOST_TEST(index.search("mob", 3)[0].item == 2);
}

BOOST_AUTO_TEST_CASE(a_raw_dataset_that_is_not_the_source_is_refused) {
  gensr::Dataset other = raw;
  other.info["name"] = "other";
  BOOST_CHECK_THROW(gensr::check_prepared_from(other, "raw", prepared(raw), "prep"),
                    gensr::UsageError);
  gensr::Dataset fewer;
  fewer.info = raw.info;
  fewer.add_item("a", "Alien");
  BOOST_CHECK_THROW(gensr::check_prepared_from(fewer, "raw", prepared(raw), "prep"),
                    gensr::InputError);
  BOOST_CHECK_NO_THROW(gensr::check_prepared_from(raw, "raw", prepared(raw), "prep"));
}

BOOST_AUTO_TEST_CASE(bad_options_are_usage_errors) {
  auto o = options("bm25", "rec");
  BOOST_CHECK_THROW(gensr::run_baseline(o), gensr::UsageError);
  o = options("transitions", "search");
  BOOST_CHECK_THROW(gensr::run_baseline(o), gensr::UsageError);
  o = options("pop", "rec");
  o.k = 7;  // 6 items
  BOOST_CHECK_THROW(gensr::run_baseline(o), gensr::UsageError);
  o.k = 2;
  o.split = "train";
  BOOST_CHECK_THROW(gensr::run_baseline(o), gensr::UsageError);
  BOOST_TEST(!std::filesystem::exists(dir / "run.trec"));
}

BOOST_AUTO_TEST_SUITE_END()
