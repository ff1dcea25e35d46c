#define BOOST_TEST_MODULE prepare
#include <boost/test/unit_test.hpp>

#include "data/prepared.h"
#include "data/spiece_model.h"
#include "support/temp_dir.h"
#include "text/prepare.h"
#include "text/tokenizer.h"
#include "util/error.h"

using gensr::test::TempDir;
using gensr::test::write_text;

namespace {

// Items a..f (indices 0..5). u1: a b c b c -> train targets b (end 1), c (end 2); valid b
// (end 3); test c (end 4). u2: c a b c -> train a (end 1); valid b; test c. u3 has 2 items and
// is dropped. Every valid/test target is a training target, so none is filtered out.
void write_dataset(const TempDir& dir) {
  write_text(dir / "items.tsv", "item_id\ttitle\na\tA\nb\tB\nc\tC\nd\tD\ne\tE\nf\tF\n");
  write_text(dir / "interactions.tsv",
             "user_id\titem_id\ttimestamp\n"
             "u1\ta\t1\nu1\tb\t2\nu2\tc\t1\nu1\tc\t3\nu2\ta\t2\nu1\tb\t4\nu1\tc\t5\n"
             "u2\tb\t3\nu2\tc\t4\nu3\tf\t1\nu3\ta\t2\n");
  write_text(dir / "queries.tsv",
             "query_id\ttext\tsplit\nq1\tred apple pie\ttrain\nq2\tgreen apple\ttrain\n"
             "q3\tred pie\ttest\n");
  write_text(dir / "qrels.tsv",
             "query_id\titem_id\trelevance\nq1\ta\t1\nq1\tb\t1\nq2\tb\t2\nq3\ta\t1\n");
}

}  // namespace

BOOST_AUTO_TEST_CASE(rec_instances_and_history_tokens_follow_the_split_rule) {
  TempDir data, out;
  write_dataset(data);
  gensr::PrepareOptions opt;
  opt.max_history = 2;
  gensr::prepare_dataset(data.path(), out.path(), opt);
  const gensr::PreparedData p = gensr::read_prepared(out.path());

  BOOST_TEST(p.item_ids == (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  BOOST_TEST(p.seq_users == (std::vector<std::string>{"u1", "u2"}));
  BOOST_TEST(p.seq_items == (std::vector<std::int32_t>{0, 1, 2, 1, 2, 2, 0, 1, 2}));
  BOOST_TEST(p.seq_offsets == (std::vector<std::int64_t>{0, 5, 9}));
  BOOST_REQUIRE_EQUAL(p.rec_test.size(), 2u);
  BOOST_REQUIRE_EQUAL(p.rec_valid.size(), 2u);
  BOOST_REQUIRE_EQUAL(p.rec_train.size(), 3u);
  const std::int32_t o = static_cast<std::int32_t>(p.item_offset);
  // u1's test instance: history a b c b, the most recent 2 kept (c b), then EOS.
  BOOST_TEST(p.rec_input(p.rec_test[0]) == (std::vector<std::int32_t>{o + 2, o + 1, 1}));
  // u1's first training instance: history a only (end 1), target b.
  BOOST_TEST(p.rec_input({0, 1}) == (std::vector<std::int32_t>{o + 0, 1}));
  BOOST_TEST(p.popularity_rec == (std::vector<std::int64_t>{1, 1, 1, 0, 0, 0}));
  BOOST_TEST(p.popularity_search == (std::vector<std::int64_t>{1, 2, 0, 0, 0, 0}));
  BOOST_TEST(p.info["rec"]["dropped_users"] == 1);
}

BOOST_AUTO_TEST_CASE(queries_are_tokenized_truncated_and_end_with_eos) {
  TempDir data, out;
  write_dataset(data);
  gensr::PrepareOptions opt;
  opt.max_query_tokens = 3;
  gensr::prepare_dataset(data.path(), out.path(), opt);
  const gensr::PreparedData p = gensr::read_prepared(out.path());
  gensr::Tokenizer tok(out / "spiece.model");
  // A trained model's items start right after its pieces.
  BOOST_TEST(p.item_offset == tok.piece_count());
  BOOST_TEST(p.query_ids == (std::vector<std::string>{"q1", "q2", "q3"}));
  const std::vector<std::string> texts{"red apple pie", "green apple", "red pie"};
  for (std::int32_t q = 0; q < 3; ++q) {
    std::vector<int> ids = tok.encode(texts[q]);
    if (ids.size() > 2) ids.resize(2);
    std::vector<std::int32_t> expected(ids.begin(), ids.end());
    expected.push_back(gensr::kEosToken);
    BOOST_TEST(p.search_input(q) == expected);
  }
  BOOST_REQUIRE_EQUAL(p.search_train.size(), 3u);
  BOOST_TEST(p.search_train[0].query == 0);
  BOOST_TEST(p.search_train[0].item == 0);
  BOOST_TEST(p.search_train[2].query == 1);
  BOOST_TEST(p.search_train[2].item == 1);
  BOOST_REQUIRE_EQUAL(p.search_test.size(), 1u);
  BOOST_TEST(p.search_test[0].query == 2);
}

BOOST_AUTO_TEST_CASE(a_given_model_puts_items_after_its_extra_ids) {
  TempDir data, first, second;
  write_dataset(data);
  gensr::prepare_dataset(data.path(), first.path(), {});
  gensr::PrepareOptions opt;
  opt.spiece_model = first / "spiece.model";
  const auto p = gensr::prepare_dataset(data.path(), second.path(), opt);
  gensr::Tokenizer tok(first / "spiece.model");
  BOOST_TEST(p.item_offset == tok.piece_count() + 100);
}

// gensr-eval export counts the pieces without SentencePiece (it must not share a process with
// LibTorch); the count must be SentencePiece's own.
BOOST_AUTO_TEST_CASE(the_piece_count_read_without_sentencepiece_is_its_own) {
  TempDir data, out;
  write_dataset(data);
  const auto p = gensr::prepare_dataset(data.path(), out.path(), {});
  gensr::Tokenizer tok(out / "spiece.model");
  BOOST_TEST(gensr::sentencepiece_piece_count(p.tokenizer, "spiece.model") == tok.piece_count());
}

BOOST_AUTO_TEST_CASE(preparing_twice_gives_the_same_fingerprint) {
  TempDir data, a, b;
  write_dataset(data);
  const auto pa = gensr::prepare_dataset(data.path(), a.path(), {});
  const auto pb = gensr::prepare_dataset(data.path(), b.path(), {});
  BOOST_TEST(pa.fingerprint == pb.fingerprint);
  BOOST_TEST(gensr::read_prepared(a.path()).fingerprint == pa.fingerprint);
}

BOOST_AUTO_TEST_CASE(a_folder_that_was_not_prepared_is_refused_by_name) {
  TempDir dir;
  try {
    gensr::read_prepared(dir.path());
    BOOST_FAIL("expected an error");
  } catch (const gensr::InputError& e) {
    BOOST_TEST(e.file() == dir / "prepared.h5");
  }
}

namespace {

// Semantic IDs of a..f: one quantiser level (codes 0..2) and the numbering level (0..2), so
// level 0's code c is token item_offset + c and level 1's is item_offset + 3 + c.
gensr::ids::ItemCodes toy_codes() {
  gensr::ids::ItemCodes c;
  c.item_ids = {"f", "e", "d", "c", "b", "a"};  // not in the dataset's order
  c.levels = 1;
  c.codebook_sizes = {3};
  c.codes = {0, 2, 1, 1, 2, 0, 1, 0, 0, 1, 0, 0};
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(item_ids_spell_histories_with_one_token_range_per_level) {
  TempDir data, out;
  write_dataset(data);
  const gensr::ids::ItemCodes codes = toy_codes();
  gensr::PrepareOptions opt;
  opt.max_history = 2;
  opt.item_codes = &codes;
  opt.item_codes_path = "toy/codes.tsv";
  const gensr::PreparedData written = gensr::prepare_dataset(data.path(), out.path(), opt);
  const gensr::PreparedData p = gensr::read_prepared(out.path());

  BOOST_TEST(p.fingerprint == written.fingerprint);
  BOOST_TEST(p.semantic_ids());
  BOOST_TEST(p.id_length() == 2);
  BOOST_TEST(p.code_sizes == (std::vector<std::int32_t>{3, 3}));
  // rows in the data's item order a..f
  BOOST_TEST(p.item_codes == (std::vector<std::int32_t>{0, 0, 0, 1, 1, 0, 2, 0, 1, 1, 0, 2}));
  const std::int32_t o = static_cast<std::int32_t>(p.item_offset);
  BOOST_TEST(p.vocab_size() == o + 6);
  // u1's test instance: the 2 newest history items c b, each as its two code tokens, then EOS.
  BOOST_TEST(p.rec_input(p.rec_test[0]) ==
             (std::vector<std::int32_t>{o + 1, o + 3 + 0, o + 0, o + 3 + 1, 1}));
  std::vector<std::int32_t> f;
  p.append_item_tokens(5, f);
  BOOST_TEST(f == (std::vector<std::int32_t>{o + 0, o + 3 + 2}));
}

BOOST_AUTO_TEST_CASE(item_ids_change_the_fingerprint_and_atomic_ids_stay_the_default) {
  TempDir data, atomic, semantic;
  write_dataset(data);
  const gensr::ids::ItemCodes codes = toy_codes();
  gensr::PrepareOptions opt;
  const gensr::PreparedData a = gensr::prepare_dataset(data.path(), atomic.path(), opt);
  opt.item_codes = &codes;
  const gensr::PreparedData s = gensr::prepare_dataset(data.path(), semantic.path(), opt);
  BOOST_TEST(!a.semantic_ids());
  BOOST_TEST(a.id_length() == 1);
  BOOST_TEST(a.vocab_size() == a.item_offset + 6);
  BOOST_TEST(a.fingerprint != s.fingerprint);
}

BOOST_AUTO_TEST_CASE(an_item_without_codes_is_an_error_naming_the_file_and_the_item) {
  TempDir data, out;
  write_dataset(data);
  gensr::ids::ItemCodes codes = toy_codes();
  codes.item_ids.erase(codes.item_ids.begin() + 3);  // c
  codes.codes.erase(codes.codes.begin() + 6, codes.codes.begin() + 8);
  gensr::PrepareOptions opt;
  opt.item_codes = &codes;
  opt.item_codes_path = "toy/codes.tsv";
  try {
    gensr::prepare_dataset(data.path(), out.path(), opt);
    BOOST_FAIL("an item without codes was accepted");
  } catch (const gensr::InputError& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("toy/codes.tsv") != std::string::npos, what);
    BOOST_TEST(what.find("'c'") != std::string::npos, what);
  }
}
