#define BOOST_TEST_MODULE recipe
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "train/recipe.h"
#include "util/error.h"

using namespace gensr;

namespace {

auto given(std::set<std::string> flags) {
  return [flags](const std::string& flag) { return flags.count(flag) > 0; };
}

}  // namespace

BOOST_AUTO_TEST_CASE(paper_keeps_the_papers_settings) {
  TrainOptions o;
  apply_recipe("paper", o, given({}));
  const TrainOptions defaults;
  BOOST_TEST(o.recipe == "paper");
  BOOST_TEST(o.lr == 0.002);
  BOOST_TEST(o.epochs == 5);
  BOOST_TEST(o.batch_size == 128);
  BOOST_TEST(o.dropout == defaults.dropout);
  BOOST_TEST(!o.tie_embeddings);
  BOOST_TEST(o.embedding_init_std == 0.0);
  BOOST_TEST(o.label_smoothing == 0.0);
  BOOST_TEST(o.embedding_lr_scale == 1.0);
}

BOOST_AUTO_TEST_CASE(scratch_drops_dropout_and_speeds_up_position_biases_and_embeddings) {
  TrainOptions o;
  apply_recipe("scratch", o, given({}));
  BOOST_TEST(o.recipe == "scratch");
  BOOST_TEST(o.dropout == 0.0);
  BOOST_TEST(o.position_bias_lr_scale == 50.0);
  BOOST_TEST(o.embedding_lr_scale == 20.0);
  BOOST_TEST(o.epochs == 5);
  BOOST_TEST(o.lr == 0.002);  // the paper's
  BOOST_TEST(!o.tie_embeddings);
}

BOOST_AUTO_TEST_CASE(options_given_explicitly_win_over_the_recipe) {
  TrainOptions o;
  o.dropout = 0.3;
  o.lr = 0.123;
  o.epochs = 2;
  o.embedding_lr_scale = 3;
  apply_recipe("scratch", o, given({"dropout", "lr", "epochs", "embedding-lr-scale"}));
  BOOST_TEST(o.embedding_lr_scale == 3.0);
  BOOST_TEST(o.dropout == 0.3);
  BOOST_TEST(o.position_bias_lr_scale == 50.0);
  BOOST_TEST(o.lr == 0.123);
  BOOST_TEST(o.epochs == 2);
}

BOOST_AUTO_TEST_CASE(sasrec_takes_its_own_dropout_unless_given) {
  TrainOptions o;
  o.arch = "sasrec";
  apply_recipe("paper", o, given({}));
  BOOST_TEST(o.dropout == 0.2);
  o.dropout = 0.05;
  apply_recipe("paper", o, given({"dropout"}));
  BOOST_TEST(o.dropout == 0.05);
}

BOOST_AUTO_TEST_CASE(an_unknown_recipe_is_a_usage_error) {
  TrainOptions o;
  BOOST_CHECK_THROW(apply_recipe("fast", o, given({})), UsageError);
}
