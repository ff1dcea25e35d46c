#define BOOST_TEST_MODULE collate
#include <boost/test/unit_test.hpp>

#include <ATen/ATen.h>

#include "data/prepared.h"
#include "train/collate.h"

// Training batches (train/collate.h): inputs and labels spell items as the prepared data does,
// one token each (atomic IDs) or their code tokens (semantic IDs).

using namespace gensr;

namespace {

// Items a, b, c from token 10; one user a b c (train target c at end 2); query 0 = [5, EOS]
// relevant to b.
PreparedData toy() {
  PreparedData p;
  p.item_offset = 10;
  p.item_ids = {"a", "b", "c"};
  p.seq_items = {0, 1, 2};
  p.seq_offsets = {0, 3};
  p.seq_users = {"u"};
  p.rec_train = {{0, 2}};
  p.query_tokens = {5, kEosToken};
  p.query_offsets = {0, 2};
  p.query_ids = {"q"};
  p.search_train = {{0, 1}};
  return p;
}

std::vector<std::int64_t> row(const at::Tensor& t, std::int64_t r) {
  const at::Tensor x = t[r].contiguous();
  return {x.data_ptr<std::int64_t>(), x.data_ptr<std::int64_t>() + x.numel()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(atomic_labels_are_the_item_token_then_eos) {
  const Batch b = collate(toy(), {{Task::kRec, 0}, {Task::kSearch, 0}});
  BOOST_TEST(row(b.labels, 0) == (std::vector<std::int64_t>{12, 1}));
  BOOST_TEST(row(b.labels, 1) == (std::vector<std::int64_t>{11, 1}));
  BOOST_TEST(row(b.input_ids, 0) == (std::vector<std::int64_t>{10, 11, 1}));
  BOOST_TEST(b.label_tokens == (std::vector<std::int64_t>{2, 2}));
}

BOOST_AUTO_TEST_CASE(semantic_labels_and_histories_are_the_items_code_tokens) {
  PreparedData p = toy();
  // two levels of sizes 2 and 3: level 0 code c is token 10 + c, level 1 code c is 12 + c
  p.code_sizes = {2, 3};
  p.item_codes = {0, 0, 0, 1, 1, 2};
  BOOST_TEST(p.vocab_size() == 15);
  const Batch b = collate(p, {{Task::kRec, 0}, {Task::kSearch, 0}});
  BOOST_TEST(row(b.labels, 0) == (std::vector<std::int64_t>{11, 14, 1}));
  BOOST_TEST(row(b.labels, 1) == (std::vector<std::int64_t>{10, 13, 1}));
  BOOST_TEST(row(b.input_ids, 0) == (std::vector<std::int64_t>{10, 12, 10, 13, 1}));
  BOOST_TEST(row(b.input_ids, 1) == (std::vector<std::int64_t>{5, 1, 0, 0, 0}));
  BOOST_TEST(b.label_tokens == (std::vector<std::int64_t>{3, 3}));
}
