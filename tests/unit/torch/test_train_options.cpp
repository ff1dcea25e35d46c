#define BOOST_TEST_MODULE train_options
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <vector>

#include "test_trainer_data.h"
#include "train/train_options.h"
#include "util/error.h"

using namespace gensr;

namespace {

TrainOptions valid_options() {
  TrainOptions o;
  o.out_dir = "run";
  return o;
}

// The message of the UsageError validate throws ("" when it accepts the options).
std::string refusal(const TrainOptions& o) {
  try {
    validate(o);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

struct BadValue {
  const char* flag;  // the option the message must name
  std::function<void(TrainOptions&)> set;
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_defaults_with_a_run_directory_are_valid) {
  BOOST_TEST(refusal(valid_options()) == "");
  TrainOptions sasrec = valid_options();
  sasrec.arch = "sasrec";
  sasrec.tasks = {Task::kRec};
  BOOST_TEST(refusal(sasrec) == "");
}

BOOST_AUTO_TEST_CASE(every_value_out_of_range_is_refused_naming_its_option) {
  const std::vector<BadValue> bad = {
      {"--out", [](TrainOptions& o) { o.out_dir.clear(); }},
      {"--tasks", [](TrainOptions& o) { o.tasks.clear(); }},
      {"--epochs", [](TrainOptions& o) { o.epochs = 0; }},
      {"--batch-size", [](TrainOptions& o) { o.batch_size = -1; }},
      {"--accumulation", [](TrainOptions& o) { o.accumulation = 0; }},
      {"--lr", [](TrainOptions& o) { o.lr = 0; }},
      {"--schedule", [](TrainOptions& o) { o.schedule = "cosine"; }},
      {"--task-mix", [](TrainOptions& o) { o.task_mix = 1.5; }},
      {"--max-per-item", [](TrainOptions& o) { o.max_per_item = -1; }},
      {"--max-per-item-tasks", [](TrainOptions& o) { o.max_per_item_tasks = {Task::kSearch}; }},
      {"--max-per-item-tasks",
       [](TrainOptions& o) {
         o.max_per_item = 5;
         o.tasks = {Task::kRec};
         o.max_per_item_tasks = {Task::kSearch};
       }},
      {"--eval-k", [](TrainOptions& o) { o.eval_k = 0; }},
      {"--valid-queries-per-batch", [](TrainOptions& o) { o.valid_queries_per_batch = 0; }},
      {"--log-every", [](TrainOptions& o) { o.log_every = 0; }},
      {"--dropout", [](TrainOptions& o) { o.dropout = 1; }},
      {"--label-smoothing", [](TrainOptions& o) { o.label_smoothing = -0.1; }},
      {"--embedding-init-std", [](TrainOptions& o) { o.embedding_init_std = -1; }},
      {"--position-bias-lr-scale", [](TrainOptions& o) { o.position_bias_lr_scale = 0; }},
      {"--embedding-lr-scale", [](TrainOptions& o) { o.embedding_lr_scale = -2; }},
      {"--dtype", [](TrainOptions& o) { o.dtype = "float16"; }},
      {"--bucket-mb", [](TrainOptions& o) { o.bucket_mb = 0; }},
      {"--arch", [](TrainOptions& o) { o.arch = "gpt"; }},
  };
  for (const BadValue& b : bad) {
    TrainOptions o = valid_options();
    b.set(o);
    const std::string message = refusal(o);
    BOOST_TEST(message.rfind(b.flag, 0) == 0, b.flag << ": '" << message << "'");
  }
}

BOOST_AUTO_TEST_CASE(options_that_exclude_each_other_are_refused_naming_both) {
  TrainOptions o = valid_options();
  o.init_from = "/models/t5";
  o.model_given = true;
  BOOST_TEST(refusal(o).find("--init-from") != std::string::npos);
  BOOST_TEST(refusal(o).find("--model") != std::string::npos);

  o = valid_options();
  o.init_from = "/models/t5";
  o.tie_embeddings = true;
  BOOST_TEST(refusal(o).find("--tie-embeddings") != std::string::npos);

  o = valid_options();
  o.dtype = "float64";
  o.bf16 = true;
  BOOST_TEST(refusal(o) == "--bf16 needs --dtype float32");

  o = valid_options();
  o.task_mix = 0.5;
  o.tasks = {Task::kRec};
  BOOST_TEST(refusal(o).rfind("--task-mix", 0) == 0);
}

BOOST_AUTO_TEST_CASE(sasrec_refuses_search_t5_sizes_and_recipes) {
  TrainOptions o = valid_options();
  o.arch = "sasrec";
  BOOST_TEST(refusal(o) == "--arch sasrec trains recommendation only: use --tasks rec");
  o.tasks = {Task::kRec};
  o.model_given = true;
  BOOST_TEST(refusal(o).rfind("--model", 0) == 0);
  o.model_given = false;
  o.model_config = "config.json";
  BOOST_TEST(refusal(o).find("--model-config") != std::string::npos);
  o.model_config.clear();
  o.recipe = "scratch";
  BOOST_TEST(refusal(o).rfind("--recipe", 0) == 0);
}

BOOST_AUTO_TEST_CASE(a_task_without_training_instances_in_the_data_is_refused) {
  PreparedData data = test::tiny_prepared();
  BOOST_CHECK_NO_THROW(validate(valid_options(), data));
  data.search_train.clear();
  try {
    validate(valid_options(), data);
    BOOST_FAIL("a task without training instances was accepted");
  } catch (const UsageError& e) {
    BOOST_TEST(std::string(e.what()) ==
               "--tasks: the prepared data has no search training instances");
  }
}
