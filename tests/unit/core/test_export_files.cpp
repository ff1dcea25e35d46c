#define BOOST_TEST_MODULE export_files
#include <boost/test/unit_test.hpp>

#include "data/item_map.h"
#include "data/spiece_model.h"
#include "support/temp_dir.h"
#include "util/error.h"

using gensr::InputError;
using gensr::test::TempDir;
using gensr::test::write_text;

BOOST_AUTO_TEST_CASE(an_item_map_reads_back_as_written) {
  TempDir dir;
  gensr::write_item_map(dir / "items.tsv", {32100, {"tt0111161", "b", "c"}});
  BOOST_TEST(gensr::test::read_text(dir / "items.tsv") ==
             "token_id\titem_id\n32100\ttt0111161\n32101\tb\n32102\tc\n");
  const gensr::ItemMap map = gensr::read_item_map(dir / "items.tsv");
  BOOST_TEST(map.item_offset == 32100);
  BOOST_TEST(map.items == (std::vector<std::string>{"tt0111161", "b", "c"}));
}

BOOST_AUTO_TEST_CASE(an_item_map_with_a_gap_in_the_token_ids_is_refused_by_line) {
  TempDir dir;
  write_text(dir / "items.tsv", "token_id\titem_id\n10\ta\n12\tb\n");
  try {
    gensr::read_item_map(dir / "items.tsv");
    BOOST_FAIL("expected an InputError");
  } catch (const InputError& e) {
    BOOST_TEST(
        std::string(e.what()).find(":3: token_id: expected token id 11") != std::string::npos,
        e.what());
  }
}

BOOST_AUTO_TEST_CASE(an_item_map_with_a_repeated_item_is_refused) {
  TempDir dir;
  write_text(dir / "items.tsv", "token_id\titem_id\n10\ta\n11\ta\n");
  BOOST_CHECK_THROW(gensr::read_item_map(dir / "items.tsv"), InputError);
}

// ModelProto: pieces are field 1 (key 0x0a), trainer_spec field 2 (0x12), normalizer_spec 3.
BOOST_AUTO_TEST_CASE(the_piece_count_is_the_number_of_field_1_messages) {
  // {piece: "a", score: 0.0f}
  const std::string piece("\x0a\x08\x0a\x01\x61\x15\x00\x00\x00\x00", 10);
  std::string model =
      piece + piece + std::string("\x12\x02\x08\x01", 4) + piece + std::string("\x1a\x00", 2);
  BOOST_TEST(gensr::sentencepiece_piece_count(model, "m") == 3);
}

BOOST_AUTO_TEST_CASE(a_truncated_model_is_an_input_error_naming_the_source) {
  const std::string cut("\x0a\x05\x0a\x01", 4);
  try {
    gensr::sentencepiece_piece_count(cut, "ckpt.h5:/tokenizer");
    BOOST_FAIL("expected an InputError");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("ckpt.h5:/tokenizer") != std::string::npos, e.what());
  }
  BOOST_CHECK_THROW(gensr::sentencepiece_piece_count("", "m"), InputError);
}
