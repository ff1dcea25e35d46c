#define BOOST_TEST_MODULE resume_check
#include <boost/test/unit_test.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "train/resume_check.h"
#include "train/train_options.h"
#include "util/error.h"

using namespace gensr;

namespace {

using Json = nlohmann::json;

// A checkpoint's training config as Trainer writes it: the options plus derived counts.
Json config(const TrainOptions& o) {
  Json j = to_json(o);
  j["world_size"] = 1;
  j["device_used"] = "cpu";
  j["global_batch"] = o.batch_size;
  j["steps_per_epoch"] = 6;
  j["total_steps"] = 6 * o.epochs;
  return j;
}

std::string refusal(const TrainOptions& saved, const TrainOptions& current) {
  try {
    check_resume_options("run/latest.h5", config(saved).dump(), config(current));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_same_options_read_back_from_the_checkpoint_resume) {
  TrainOptions o;
  o.lr = 3e-4;  // doubles, unsigned and signed integers survive the text round trip
  o.dropout = 0.1;
  o.task_mix = 0.3;
  o.seed = 18446744073709551615ull;
  o.model_config = "/models/t5/config.json";
  const Json read_back = Json::parse(config(o).dump());
  BOOST_TEST(run_defining_changes(read_back, config(o)).empty());
  BOOST_CHECK_NO_THROW(check_resume_options("run/latest.h5", config(o).dump(), config(o)));
}

BOOST_AUTO_TEST_CASE(ranks_accumulation_and_how_the_run_is_computed_may_change) {
  TrainOptions first, second;
  second.accumulation = 4;
  second.threads = 8;
  second.device = "cuda:1";
  second.bf16 = true;
  second.bucket_mb = 1;
  second.valid_queries_per_batch = 16;
  second.checkpoint_every = 100;
  second.keep_checkpoints = 0;
  second.log_every = 1;
  second.max_steps = 500;
  second.fail_at_step = 3;
  second.data_dir = "/elsewhere/prep";
  second.out_dir = "/elsewhere/run";
  Json resumed = config(second);
  resumed["world_size"] = 8;
  resumed["device_used"] = "cuda:1";
  BOOST_TEST(run_defining_changes(Json::parse(config(first).dump()), resumed).empty());
}

BOOST_AUTO_TEST_CASE(a_changed_batch_size_is_refused_naming_both_values) {
  TrainOptions first, second;
  second.batch_size = 64;
  const std::string e = refusal(first, second);
  BOOST_TEST(has(e,
                 "run/latest.h5 was trained with --batch-size 128; this run asks for "
                 "--batch-size 64: resume with the same values, or train into a new --out "
                 "(or pass --no-resume to start afresh)"),
             e);
}

BOOST_AUTO_TEST_CASE(every_changed_option_is_named_with_both_values) {
  TrainOptions first, second;
  second.epochs = 3;
  second.seed = 7;
  second.tasks = {Task::kRec};
  second.task_mix = 0.25;
  second.max_per_item = 2;
  second.schedule = "constant";
  second.lr = 0.001;
  second.warmup_steps = 10;
  second.dtype = "float64";
  second.model = "flan-t5-small";
  second.init_from = "/hf/flan-t5-small";
  const std::string e = refusal(first, second);
  BOOST_TEST(has(e,
                 "trained with --tasks rec,search --max-per-item 0 --task-mix natural "
                 "--seed 42 --epochs 5 --model tiny --init-from (none) --dtype float32 "
                 "--lr 0.002 --schedule linear --warmup-steps 0;"),
             e);
  BOOST_TEST(has(e,
                 "asks for --tasks rec --max-per-item 2 --task-mix 0.25 --seed 7 --epochs 3 "
                 "--model flan-t5-small --init-from /hf/flan-t5-small --dtype float64 "
                 "--lr 0.001 --schedule constant --warmup-steps 10:"),
             e);
}

BOOST_AUTO_TEST_CASE(optimiser_settings_and_the_model_dropout_are_compared) {
  TrainOptions first, second;
  second.beta2 = 0.98;
  second.eps = 1e-6;
  second.weight_decay = 0;
  second.clip_norm = 0;
  second.dropout = 0;
  second.eval_k = 20;
  const auto changes = run_defining_changes(config(first), config(second));
  std::string flags;
  for (const OptionChange& c : changes) flags += c.flag + " ";
  BOOST_TEST(flags == "--dropout --beta2 --adam-eps --weight-decay --clip-norm --eval-k ");
}

BOOST_AUTO_TEST_CASE(a_key_an_older_checkpoint_lacks_is_not_compared) {
  TrainOptions first, second;
  second.task_mix = 0.5;
  second.max_per_item = 3;
  Json old = config(first);
  old.erase("task_mix");
  old.erase("max_per_item");
  BOOST_TEST(run_defining_changes(old, config(second)).empty());
  BOOST_CHECK_NO_THROW(check_resume_options("run/latest.h5", old.dump(), config(second)));
}

BOOST_AUTO_TEST_CASE(a_checkpoint_written_before_the_validation_batch_was_renamed_resumes) {
  TrainOptions o;
  o.valid_queries_per_batch = 64;
  Json old = config(o);  // as gensr-train wrote it while the option was --eval-batch-size
  old.erase("valid_queries_per_batch");
  old["eval_batch_size"] = 256;
  BOOST_TEST(run_defining_changes(old, config(o)).empty());
  BOOST_CHECK_NO_THROW(check_resume_options("run/latest.h5", old.dump(), config(o)));
}
