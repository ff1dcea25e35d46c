#define BOOST_TEST_MODULE dataset_io
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "data/dataset.h"
#include "data/tsv.h"
#include "support/temp_dir.h"
#include "util/error.h"

using namespace gensr;
using gensr::test::read_text;
using gensr::test::TempDir;
using gensr::test::write_text;

namespace {

const char* kItems = "item_id\ttitle\ni1\tOne\ni2\tTwo\ni3\t\n";
const char* kInteractions = "user_id\titem_id\ttimestamp\nu1\ti1\t10\nu2\ti2\t5\nu1\ti3\t7\n";
const char* kQueries = "query_id\ttext\tsplit\nq1\tfirst query\ttrain\nq2\tsecond\t\n";
const char* kQrels = "query_id\titem_id\trelevance\nq1\ti1\t1\nq1\ti2\t0\nq2\ti3\t2\n";

// A dataset folder holding the good files above unless a test replaces one of them.
struct Folder {
  TempDir dir;
  Folder() {
    write("items.tsv", kItems);
    write("interactions.tsv", kInteractions);
    write("queries.tsv", kQueries);
    write("qrels.tsv", kQrels);
  }
  void write(const std::string& name, const std::string& text) { write_text(dir / name, text); }
  void remove(const std::string& name) { std::filesystem::remove(dir / name); }
  std::string path(const std::string& name) const { return dir / name; }

  // The message of the InputError that reading the folder throws, or "" when it reads.
  std::string error() const {
    try {
      read_dataset(dir.path());
    } catch (const InputError& e) {
      BOOST_TEST(e.exit_code() == 2);
      return e.what();
    }
    return "";
  }
};

std::string prefix(const std::string& message, const std::string& expected) {
  return message.substr(0, expected.size());
}

#define CHECK_ERROR(folder, expected)                   \
  do {                                                  \
    const std::string message = (folder).error();       \
    const std::string want = (expected);                \
    BOOST_TEST(prefix(message, want) == want, message); \
  } while (0)

}  // namespace

BOOST_AUTO_TEST_CASE(good_folder_reads_with_interned_users_and_resolved_splits) {
  Folder f;
  f.write("dataset.json", R"({"name": "tiny"})");
  const Dataset d = read_dataset(f.dir.path());
  BOOST_TEST(d.item_ids == (std::vector<std::string>{"i1", "i2", "i3"}));
  BOOST_TEST(d.item_titles == (std::vector<std::string>{"One", "Two", ""}));
  BOOST_TEST(d.item_index.at("i3") == 2);
  BOOST_TEST(d.user_ids == (std::vector<std::string>{"u1", "u2"}));
  BOOST_REQUIRE(d.interactions.size() == 3u);
  BOOST_TEST(d.interactions[2].user == 0);
  BOOST_TEST(d.interactions[2].item == 2);
  BOOST_TEST(d.interactions[2].timestamp == 7);
  BOOST_REQUIRE(d.queries.size() == 2u);
  BOOST_TEST(d.queries[0].text == "first query");
  BOOST_TEST((d.queries[0].split == Split::kTrain));
  BOOST_TEST((d.queries[1].split == Split::kUnset));
  BOOST_REQUIRE(d.qrels.size() == 3u);
  BOOST_TEST(d.qrels[2].query == 1);
  BOOST_TEST(d.qrels[2].item == 2);
  BOOST_TEST(d.qrels[2].relevance == 2);
  BOOST_TEST(d.info.at("name") == "tiny");
}

BOOST_AUTO_TEST_CASE(items_alone_make_a_dataset) {
  Folder f;
  f.remove("interactions.tsv");
  f.remove("queries.tsv");
  f.remove("qrels.tsv");
  const Dataset d = read_dataset(f.dir.path());
  BOOST_TEST(d.item_ids.size() == 3u);
  BOOST_TEST(!d.has_rec());
  BOOST_TEST(!d.has_search());
  BOOST_TEST(d.info.empty());
}

BOOST_AUTO_TEST_CASE(missing_items_file_is_an_input_error) {
  Folder f;
  f.remove("items.tsv");
  CHECK_ERROR(f, f.path("items.tsv") + ":0: file: cannot open");
}

BOOST_AUTO_TEST_CASE(empty_file_has_no_header) {
  Folder f;
  f.write("interactions.tsv", "");
  CHECK_ERROR(f, f.path("interactions.tsv") + ":0: header: empty file");
}

BOOST_AUTO_TEST_CASE(header_with_a_wrong_column_name_is_rejected) {
  Folder f;
  f.write("items.tsv", "id\ttitle\ni1\tOne\n");
  CHECK_ERROR(f, f.path("items.tsv") + ":1: item_id: header has 'id' in column 1");
}

BOOST_AUTO_TEST_CASE(header_missing_a_column_is_rejected) {
  Folder f;
  f.write("interactions.tsv", "user_id\titem_id\nu1\ti1\n");
  CHECK_ERROR(f, f.path("interactions.tsv") + ":1: timestamp: column missing from the header");
}

BOOST_AUTO_TEST_CASE(header_with_an_extra_column_is_rejected) {
  Folder f;
  f.write("items.tsv", "item_id\ttitle\tyear\ni1\tOne\t1999\n");
  CHECK_ERROR(f, f.path("items.tsv") + ":1: year: unexpected column 3");
}

BOOST_AUTO_TEST_CASE(line_with_too_few_fields_names_the_missing_column) {
  Folder f;
  f.write("interactions.tsv", "user_id\titem_id\ttimestamp\nu1\ti1\t10\nu1\ti2\n");
  CHECK_ERROR(f, f.path("interactions.tsv") + ":3: timestamp: missing column");
}

BOOST_AUTO_TEST_CASE(items_line_without_title_column_is_a_missing_column) {
  Folder f;
  f.write("items.tsv", "item_id\ttitle\ni1\n");
  CHECK_ERROR(f, f.path("items.tsv") + ":2: title: missing column");
}

BOOST_AUTO_TEST_CASE(line_with_an_extra_field_is_rejected) {
  Folder f;
  f.write("items.tsv", "item_id\ttitle\ni1\tOne\ni2\tTwo\twith tab\n");
  CHECK_ERROR(f, f.path("items.tsv") + ":3: field 3: extra field");
}

BOOST_AUTO_TEST_CASE(empty_line_is_rejected) {
  Folder f;
  f.write("items.tsv", "item_id\ttitle\ni1\tOne\n\ni2\tTwo\n");
  CHECK_ERROR(f, f.path("items.tsv") + ":3: item_id: empty line");
}

BOOST_AUTO_TEST_CASE(timestamp_that_is_not_a_whole_integer_is_rejected) {
  Folder f;
  f.write("interactions.tsv", "user_id\titem_id\ttimestamp\nu1\ti1\t10\nu1\ti2\t12x\n");
  CHECK_ERROR(f, f.path("interactions.tsv") + ":3: timestamp: not an integer: '12x'");
}

BOOST_AUTO_TEST_CASE(empty_timestamp_is_rejected) {
  Folder f;
  f.write("interactions.tsv", "user_id\titem_id\ttimestamp\nu1\ti1\t\n");
  CHECK_ERROR(f, f.path("interactions.tsv") + ":2: timestamp: empty, expected an integer");
}

BOOST_AUTO_TEST_CASE(timestamp_beyond_64_bits_is_out_of_range) {
  Folder f;
  f.write("interactions.tsv", "user_id\titem_id\ttimestamp\nu1\ti1\t99999999999999999999\n");
  CHECK_ERROR(f, f.path("interactions.tsv") + ":2: timestamp: integer out of range");
}

BOOST_AUTO_TEST_CASE(negative_timestamp_is_accepted) {
  Folder f;
  f.write("interactions.tsv", "user_id\titem_id\ttimestamp\nu1\ti1\t-5\n");
  BOOST_TEST(read_dataset(f.dir.path()).interactions.at(0).timestamp == -5);
}

BOOST_AUTO_TEST_CASE(relevance_beyond_32_bits_is_out_of_range) {
  Folder f;
  f.write("qrels.tsv", "query_id\titem_id\trelevance\nq1\ti1\t3000000000\n");
  CHECK_ERROR(f, f.path("qrels.tsv") + ":2: relevance: integer out of range");
}

BOOST_AUTO_TEST_CASE(relevance_with_a_fraction_is_rejected) {
  Folder f;
  f.write("qrels.tsv", "query_id\titem_id\trelevance\nq1\ti1\t1.5\n");
  CHECK_ERROR(f, f.path("qrels.tsv") + ":2: relevance: not an integer: '1.5'");
}

BOOST_AUTO_TEST_CASE(unknown_item_in_interactions_is_rejected) {
  Folder f;
  f.write("interactions.tsv", "user_id\titem_id\ttimestamp\nu1\ti1\t1\nu1\ti9\t2\n");
  CHECK_ERROR(f, f.path("interactions.tsv") + ":3: item_id: unknown item 'i9'");
}

BOOST_AUTO_TEST_CASE(unknown_item_in_qrels_is_rejected) {
  Folder f;
  f.write("qrels.tsv", "query_id\titem_id\trelevance\nq1\ti9\t1\n");
  CHECK_ERROR(f, f.path("qrels.tsv") + ":2: item_id: unknown item 'i9'");
}

BOOST_AUTO_TEST_CASE(unknown_query_in_qrels_is_rejected) {
  Folder f;
  f.write("qrels.tsv", "query_id\titem_id\trelevance\nq1\ti1\t1\nq7\ti1\t1\n");
  CHECK_ERROR(f, f.path("qrels.tsv") + ":3: query_id: unknown query 'q7'");
}

BOOST_AUTO_TEST_CASE(duplicate_item_id_names_the_first_line) {
  Folder f;
  f.write("items.tsv", "item_id\ttitle\ni1\tOne\ni2\tTwo\ni1\tAgain\n");
  CHECK_ERROR(f, f.path("items.tsv") + ":4: item_id: duplicate item 'i1' (first on line 2)");
}

BOOST_AUTO_TEST_CASE(duplicate_query_id_is_rejected) {
  Folder f;
  f.write("queries.tsv", "query_id\ttext\tsplit\nq1\ta\ttrain\nq1\tb\ttest\n");
  CHECK_ERROR(f, f.path("queries.tsv") + ":3: query_id: duplicate query 'q1' (first on line 2)");
}

BOOST_AUTO_TEST_CASE(duplicate_query_item_pair_in_qrels_is_rejected) {
  Folder f;
  f.write("qrels.tsv", "query_id\titem_id\trelevance\nq1\ti1\t1\nq2\ti1\t1\nq1\ti1\t2\n");
  CHECK_ERROR(f, f.path("qrels.tsv") + ":4: item_id: duplicate qrel for query 'q1' and item 'i1'");
}

BOOST_AUTO_TEST_CASE(id_with_whitespace_is_rejected) {
  Folder f;
  f.write("interactions.tsv", "user_id\titem_id\ttimestamp\nuser 1\ti1\t1\n");
  CHECK_ERROR(f, f.path("interactions.tsv") + ":2: user_id: id 'user 1' contains whitespace");
}

BOOST_AUTO_TEST_CASE(empty_id_is_rejected) {
  Folder f;
  f.write("queries.tsv", "query_id\ttext\tsplit\n\tno id\ttrain\n");
  CHECK_ERROR(f, f.path("queries.tsv") + ":2: query_id: empty id");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_names_the_field_that_holds_it) {
  Folder f;
  f.write("items.tsv", "item_id\ttitle\ni1\tOne\ni2\tT\xC3(o\n");
  CHECK_ERROR(f, f.path("items.tsv") + ":3: title: invalid UTF-8 at byte 2 of the field");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_the_header_is_rejected) {
  Folder f;
  f.write("items.tsv", "item_id\ttit\xFFle\n");
  CHECK_ERROR(f, f.path("items.tsv") + ":1: header: invalid UTF-8");
}

BOOST_AUTO_TEST_CASE(utf8_validator_rejects_overlong_surrogate_and_truncated_sequences) {
  BOOST_TEST(find_invalid_utf8("plain ascii") == std::string_view::npos);
  BOOST_TEST(find_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
             std::string_view::npos);
  BOOST_TEST(find_invalid_utf8("a\xC0\xAF") == 1u);         // overlong '/'
  BOOST_TEST(find_invalid_utf8("ab\xED\xA0\x80") == 2u);    // UTF-16 surrogate
  BOOST_TEST(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);  // above U+10FFFF
  BOOST_TEST(find_invalid_utf8("xyz\xE2\x82") == 3u);       // truncated at the end
  BOOST_TEST(find_invalid_utf8("\x80") == 0u);              // stray continuation byte
}

BOOST_AUTO_TEST_CASE(crlf_line_endings_and_a_byte_order_mark_are_accepted) {
  Folder f;
  f.write("items.tsv", "\xEF\xBB\xBFitem_id\ttitle\r\ni1\tOne\r\ni2\tTwo\r\ni3\t\r\n");
  const Dataset d = read_dataset(f.dir.path());
  BOOST_TEST(d.item_ids == (std::vector<std::string>{"i1", "i2", "i3"}));
  BOOST_TEST(d.item_titles == (std::vector<std::string>{"One", "Two", ""}));
}

BOOST_AUTO_TEST_CASE(unknown_split_value_is_rejected) {
  Folder f;
  f.write("queries.tsv", "query_id\ttext\tsplit\nq1\ta\ttrain\nq2\tb\tdev\n");
  CHECK_ERROR(f, f.path("queries.tsv") + ":3: split: unknown split 'dev'");
}

BOOST_AUTO_TEST_CASE(queries_without_split_column_are_unset) {
  Folder f;
  f.write("queries.tsv", "query_id\ttext\nq1\ta\nq2\tb\n");
  const Dataset d = read_dataset(f.dir.path());
  BOOST_REQUIRE(d.queries.size() == 2u);
  BOOST_TEST((d.queries[0].split == Split::kUnset));
  BOOST_TEST((d.queries[1].split == Split::kUnset));
}

BOOST_AUTO_TEST_CASE(queries_without_qrels_are_rejected) {
  Folder f;
  f.remove("qrels.tsv");
  CHECK_ERROR(f,
              f.path("qrels.tsv") + ":0: file: missing; queries.tsv and qrels.tsv come together");
}

BOOST_AUTO_TEST_CASE(qrels_without_queries_are_rejected) {
  Folder f;
  f.remove("queries.tsv");
  CHECK_ERROR(f, f.path("queries.tsv") + ":0: file: missing");
}

BOOST_AUTO_TEST_CASE(dataset_json_that_is_not_an_object_is_rejected) {
  Folder f;
  f.write("dataset.json", "[1, 2]\n");
  CHECK_ERROR(f, f.path("dataset.json") + ":1: json: expected a JSON object, found array");
}

BOOST_AUTO_TEST_CASE(dataset_json_parse_error_names_its_line) {
  Folder f;
  f.write("dataset.json", "{\n  \"name\": \"x\",\n  \"source\": oops\n}\n");
  CHECK_ERROR(f, f.path("dataset.json") + ":3: json: ");
}

BOOST_AUTO_TEST_CASE(write_then_read_gives_the_same_dataset) {
  Dataset d;
  d.add_item("i1", "Alpha");
  d.add_item("i2", "");
  d.add_item("i3", "Gamma \xC3\xA9");
  d.user_ids = {"u1", "u2"};
  d.interactions = {{0, 1, 100}, {1, 0, -3}, {0, 2, 100}, {1, 2, 9000000000}};
  d.queries = {
      {"q1", "first", Split::kTrain}, {"q2", "", Split::kUnset}, {"q3", "x y", Split::kTest}};
  d.qrels = {{0, 0, 1}, {2, 1, 0}, {1, 2, 3}};
  d.info = {{"name", "round trip"}, {"params", {{"k", 5}}}};

  TempDir dir;
  write_dataset(dir.path(), d);
  const Dataset r = read_dataset(dir.path());

  BOOST_TEST(r.item_ids == d.item_ids);
  BOOST_TEST(r.item_titles == d.item_titles);
  BOOST_TEST((r.item_index == d.item_index));
  BOOST_TEST(r.user_ids == d.user_ids);
  BOOST_REQUIRE(r.interactions.size() == d.interactions.size());
  for (std::size_t i = 0; i < d.interactions.size(); ++i) {
    BOOST_TEST(r.interactions[i].user == d.interactions[i].user);
    BOOST_TEST(r.interactions[i].item == d.interactions[i].item);
    BOOST_TEST(r.interactions[i].timestamp == d.interactions[i].timestamp);
  }
  BOOST_REQUIRE(r.queries.size() == d.queries.size());
  for (std::size_t q = 0; q < d.queries.size(); ++q) {
    BOOST_TEST(r.queries[q].id == d.queries[q].id);
    BOOST_TEST(r.queries[q].text == d.queries[q].text);
    BOOST_TEST((r.queries[q].split == d.queries[q].split));
  }
  BOOST_REQUIRE(r.qrels.size() == d.qrels.size());
  for (std::size_t k = 0; k < d.qrels.size(); ++k) {
    BOOST_TEST(r.qrels[k].query == d.qrels[k].query);
    BOOST_TEST(r.qrels[k].item == d.qrels[k].item);
    BOOST_TEST(r.qrels[k].relevance == d.qrels[k].relevance);
  }
  nlohmann::json info = r.info;
  info.erase("written_by");
  BOOST_TEST(info == d.info);
}

BOOST_AUTO_TEST_CASE(written_dataset_json_keeps_info_and_records_provenance) {
  Dataset d;
  d.add_item("i1");
  d.info = {{"name", "stamped"}, {"source", "test"}};
  TempDir dir;
  write_dataset(dir.path(), d);
  const nlohmann::json info = nlohmann::json::parse(read_text(dir / "dataset.json"));
  BOOST_TEST(info.at("name") == "stamped");
  BOOST_TEST(info.at("source") == "test");
  BOOST_TEST(info.at("written_by").at("format") == "gensr-dataset");
  BOOST_TEST(info.at("written_by").at("format_version") == 1);
  BOOST_TEST(info.at("written_by").contains("gensr_version"));
  BOOST_TEST(info.at("written_by").contains("git_commit"));
}

BOOST_AUTO_TEST_CASE(write_leaves_no_temporary_or_stale_files) {
  TempDir dir;
  write_text(dir / "interactions.tsv", "stale");
  write_text(dir / "queries.tsv", "stale");
  write_text(dir / "qrels.tsv", "stale");
  Dataset d;
  d.add_item("i1", "only");
  write_dataset(dir.path(), d);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  BOOST_TEST(names == (std::vector<std::string>{"dataset.json", "items.tsv"}));
}

BOOST_AUTO_TEST_CASE(add_item_rejects_duplicates_and_whitespace) {
  Dataset d;
  BOOST_TEST(d.add_item("a") == 0);
  BOOST_TEST(d.add_item("b", "B") == 1);
  BOOST_CHECK_THROW(d.add_item("a"), Error);
  BOOST_CHECK_THROW(d.add_item("c d"), Error);
  BOOST_CHECK_THROW(d.add_item(""), Error);
  BOOST_TEST(d.item_ids.size() == 2u);
}

BOOST_AUTO_TEST_CASE(writing_a_title_with_a_tab_is_refused) {
  Dataset d;
  d.add_item("i1", "a\tb");
  TempDir dir;
  BOOST_CHECK_THROW(write_dataset(dir.path(), d), Error);
  BOOST_TEST(!std::filesystem::exists(dir / "items.tsv"));
}
