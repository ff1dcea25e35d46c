#define BOOST_TEST_MODULE data_validate
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/temp_dir.h"

using gensr::test::program;
using gensr::test::run_command;
using gensr::test::TempDir;
using gensr::test::write_text;

namespace {

// u1 has 5 items, u2 has 4, u3 has 2 (dropped). Rec training targets are {c, b}, so validation
// keeps only u2's b, and test (e, d) is dropped entirely. Search trains on a and b, so q2's a
// is kept for validation and q3's f is dropped from test; q4 has no relevant item.
void write_good_folder(const TempDir& dir) {
  write_text(dir / "items.tsv", "item_id\ttitle\na\tA\nb\tB\nc\tC\nd\tD\ne\tE\nf\tF\n");
  write_text(dir / "interactions.tsv",
             "user_id\titem_id\ttimestamp\n"
             "u1\ta\t1\nu2\ta\t1\nu1\tb\t2\nu3\tf\t1\nu1\tc\t3\nu2\tc\t2\n"
             "u1\td\t4\nu2\tb\t3\nu3\ta\t2\nu1\te\t5\nu2\td\t4\n");
  write_text(dir / "queries.tsv",
             "query_id\ttext\tsplit\nq1\tfirst\ttrain\nq2\tsecond\tvalid\nq3\tthird\ttest\n"
             "q4\tfourth\ttrain\n");
  write_text(dir / "qrels.tsv",
             "query_id\titem_id\trelevance\nq1\ta\t1\nq1\tb\t1\nq2\ta\t1\nq3\tf\t1\nq4\tc\t0\n");
  write_text(dir / "dataset.json", R"({"name": "validate test"})");
}

std::string validate(const std::string& args) {
  return program("gensr-data") + " validate " + args + " 2>/dev/null";
}

}  // namespace

BOOST_AUTO_TEST_CASE(validate_prints_counts_and_splits_of_a_good_folder) {
  TempDir dir;
  write_good_folder(dir);
  const auto r = run_command(validate("--data " + dir.path()));
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  const nlohmann::json got = nlohmann::json::parse(r.output);
  const nlohmann::json want = {
      {"items", 6},
      {"users", 3},
      {"interactions", 11},
      {"queries", 4},
      {"qrels", 5},
      {"rec",
       {{"sequences", 2},
        {"dropped_users", 1},
        {"train", 3},
        {"valid", 1},
        {"test", 0},
        {"dropped_eval_instances", 3}}},
      {"search", {{"train", 2}, {"valid", 1}, {"test", 0}, {"dropped_eval_instances", 1}}}};
  BOOST_TEST(got == want, got.dump() + " != " + want.dump());
}

BOOST_AUTO_TEST_CASE(validate_with_shared_items_only_keeps_items_of_both_tasks) {
  TempDir dir;
  write_good_folder(dir);
  const auto r = run_command(validate("--shared-items-only --data " + dir.path()));
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  const nlohmann::json got = nlohmann::json::parse(r.output);
  // Shared items are a, b and f; q4 is left without a relevant item.
  BOOST_TEST(got.at("items") == 3);
  BOOST_TEST(got.at("users") == 3);
  BOOST_TEST(got.at("interactions") == 6);
  BOOST_TEST(got.at("queries") == 3);
  BOOST_TEST(got.at("qrels") == 4);
}

BOOST_AUTO_TEST_CASE(validate_exits_2_naming_file_line_and_field_of_bad_input) {
  TempDir dir;
  write_good_folder(dir);
  write_text(dir / "interactions.tsv", "user_id\titem_id\ttimestamp\nu1\ta\t1\nu1\tb\tnoon\n");
  const auto r = run_command(program("gensr-data") + " validate --data " + dir.path());
  BOOST_TEST(r.exit_code == 2);
  const std::string want = dir.path() + "/interactions.tsv:3: timestamp: not an integer: 'noon'";
  BOOST_TEST(r.output.find(want) != std::string::npos, r.output);
}

BOOST_AUTO_TEST_CASE(validate_exits_2_when_items_file_is_missing) {
  TempDir dir;
  const auto r = run_command(program("gensr-data") + " validate --data " + dir.path());
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.output.find(dir.path() + "/items.tsv:0: file: cannot open") != std::string::npos,
             r.output);
}
