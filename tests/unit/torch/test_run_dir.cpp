#define BOOST_TEST_MODULE run_dir
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "ckpt/run_dir.h"
#include "ckpt/run_dir_lock.h"
#include "support/temp_dir.h"
#include "util/error.h"

using namespace gensr;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_CASE(the_layout_is_config_log_checkpoints_latest_and_best) {
  const RunDir run("out/run");
  BOOST_TEST(run.config_path() == "out/run/config.json");
  BOOST_TEST(run.log_path() == "out/run/log.jsonl");
  BOOST_TEST(run.checkpoints_path() == "out/run/checkpoints");
  BOOST_TEST(run.step_checkpoint_path(120) == "out/run/checkpoints/step-120.h5");
  BOOST_TEST(run.latest_checkpoint_path() == "out/run/latest.h5");
  BOOST_TEST(run.best_checkpoint_path() == "out/run/best.h5");
}

BOOST_AUTO_TEST_CASE(starting_creates_the_checkpoint_folder_and_writes_config_json) {
  test::TempDir dir;
  const RunDir run(dir / "a/run");
  const auto lock = run.create_and_lock();
  run.start("{\"x\": 1}\n");
  BOOST_TEST(fs::is_directory(dir / "a/run/checkpoints"));
  BOOST_TEST(test::read_text(dir / "a/run/config.json") == "{\"x\": 1}\n");
}

BOOST_AUTO_TEST_CASE(a_locked_run_directory_is_refused_naming_it_until_the_lock_goes) {
  test::TempDir dir;
  const RunDir run(dir / "run");
  {
    const auto first = run.create_and_lock();
    try {
      run.create_and_lock();
      BOOST_FAIL("a second lock was given");
    } catch (const UsageError& e) {
      BOOST_TEST(std::string(e.what()).find(dir / "run") != std::string::npos, e.what());
    }
  }
  BOOST_CHECK_NO_THROW(run.create_and_lock());
}

BOOST_AUTO_TEST_CASE(publishing_replaces_latest_and_best_and_prunes_old_steps) {
  test::TempDir dir;
  const RunDir run(dir.path());
  fs::create_directories(run.checkpoints_path());
  for (int step : {5, 10, 15}) {
    test::write_text(run.step_checkpoint_path(step), "step " + std::to_string(step));
    run.publish_checkpoint(step, /*best=*/step == 5, /*keep=*/2);
  }
  BOOST_TEST((run.step_checkpoints() == std::vector<std::int64_t>{10, 15}));
  BOOST_TEST(test::read_text(run.latest_checkpoint_path()) == "step 15");
  // best.h5 outlives the pruned step file it was made from.
  BOOST_TEST(test::read_text(run.best_checkpoint_path()) == "step 5");
}

BOOST_AUTO_TEST_CASE(keep_zero_keeps_every_step_checkpoint) {
  test::TempDir dir;
  const RunDir run(dir.path());
  fs::create_directories(run.checkpoints_path());
  for (int step : {1, 2, 3}) {
    test::write_text(run.step_checkpoint_path(step), "x");
    run.publish_checkpoint(step, false, 0);
  }
  BOOST_TEST((run.step_checkpoints() == std::vector<std::int64_t>{1, 2, 3}));
  BOOST_TEST(!fs::exists(run.best_checkpoint_path()));
}

BOOST_AUTO_TEST_CASE(step_checkpoints_are_listed_in_step_order_ignoring_other_files) {
  test::TempDir dir;
  const RunDir run(dir.path());
  BOOST_TEST(run.step_checkpoints().empty());  // no checkpoints/ yet
  fs::create_directories(run.checkpoints_path());
  for (const char* name :
       {"step-100.h5", "step-20.h5", "step-3.h5", "step-x.h5", "step-4.h5.tmp", "notes.txt"})
    test::write_text(run.checkpoints_path() + "/" + name, "x");
  BOOST_TEST((run.step_checkpoints() == std::vector<std::int64_t>{3, 20, 100}));
}

BOOST_AUTO_TEST_CASE(a_checkpoint_file_resolves_to_itself) {
  test::TempDir dir;
  test::write_text(dir / "model.h5", "x");
  BOOST_TEST(RunDir::resolve_checkpoint(dir / "model.h5") == dir / "model.h5");
}

BOOST_AUTO_TEST_CASE(a_run_directory_resolves_to_its_best_checkpoint) {
  test::TempDir dir;
  const RunDir run(dir / "run");
  fs::create_directories(run.checkpoints_path());
  test::write_text(run.step_checkpoint_path(7), "x");
  run.publish_checkpoint(7, true, 3);
  BOOST_TEST(RunDir::resolve_checkpoint(dir / "run") == dir / "run/best.h5");
}

BOOST_AUTO_TEST_CASE(an_exported_model_folder_resolves_to_itself) {
  test::TempDir dir;
  fs::create_directories(dir / "hf");
  test::write_text(dir / "hf/config.json", "{}");
  test::write_text(dir / "hf/model.safetensors", "x");
  BOOST_TEST(RunDir::resolve_checkpoint(dir / "hf") == dir / "hf");
}

BOOST_AUTO_TEST_CASE(a_folder_without_best_h5_is_an_input_error_naming_the_missing_file) {
  test::TempDir dir;
  fs::create_directories(dir / "empty");
  test::write_text(dir / "empty/config.json", "{}");  // a run directory's, not an HF model's
  try {
    RunDir::resolve_checkpoint(dir / "empty");
    BOOST_FAIL("a folder without best.h5 resolved");
  } catch (const InputError& e) {
    BOOST_TEST(e.file() == dir / "empty/best.h5");
    BOOST_TEST(std::string(e.what()).find("gensr-train run directory") != std::string::npos,
               e.what());
  }
}
