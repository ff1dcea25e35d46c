#define BOOST_TEST_MODULE conventions
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "support/temp_dir.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/options.h"
#include "util/program.h"
#include "util/provenance.h"
#include "util/version.h"

using gensr::test::TempDir;
namespace po = boost::program_options;

namespace {
po::options_description demo_options() {
  po::options_description desc("demo");
  desc.add_options()("epochs", po::value<int>()->default_value(5), "epochs")(
      "lr", po::value<double>()->default_value(0.002), "learning rate")(
      "tasks", po::value<std::string>()->default_value("rec,search"), "tasks")(
      "bf16", po::bool_switch(), "bf16");
  return desc;
}
}  // namespace

BOOST_AUTO_TEST_CASE(input_errors_read_file_line_field_problem) {
  const gensr::InputError e("data/items.tsv", 7, "item_id", "duplicate id 'x'");
  BOOST_TEST(std::string(e.what()) == "data/items.tsv:7: item_id: duplicate id 'x'");
  BOOST_TEST(e.exit_code() == gensr::kExitUsage);
  BOOST_TEST(gensr::Error("io").exit_code() == gensr::kExitError);
}

BOOST_AUTO_TEST_CASE(guarded_main_turns_errors_into_exit_codes) {
  BOOST_TEST(gensr::guarded_main("p", [] { return 0; }) == 0);
  BOOST_TEST(gensr::guarded_main("p", []() -> int { throw gensr::UsageError("bad"); }) == 2);
  BOOST_TEST(gensr::guarded_main("p", []() -> int { throw std::runtime_error("x"); }) == 1);
  std::string seen;
  int code = -1;
  gensr::guarded_main(
      "p", []() -> int { throw gensr::InputError("f", 3, "c", "bad"); },
      [&](const std::string& m, int c) {
        seen = m;
        code = c;
      });
  BOOST_TEST(seen == "f:3: c: bad");
  BOOST_TEST(code == 2);
}

BOOST_AUTO_TEST_CASE(flags_override_the_config_file_and_defaults_fill_the_rest) {
  TempDir dir;
  gensr::test::write_text(dir / "run.ini", "# a comment\nepochs = 3\nlr = 0.01\n");
  po::variables_map vm;
  BOOST_TEST(gensr::parse_options({"--config", dir / "run.ini", "--lr", "0.5"}, demo_options(),
                                  "usage", vm));
  BOOST_TEST(vm["epochs"].as<int>() == 3);
  BOOST_TEST(vm["lr"].as<double>() == 0.5);
  BOOST_TEST(vm["tasks"].as<std::string>() == "rec,search");
  const auto j = gensr::options_to_json(vm);
  BOOST_TEST(j["epochs"] == 3);
  BOOST_TEST(j["lr"] == 0.5);
  BOOST_TEST(j["tasks"] == "rec,search");
  BOOST_TEST(j["bf16"] == false);
}

BOOST_AUTO_TEST_CASE(an_unknown_option_in_a_config_file_names_the_file) {
  TempDir dir;
  gensr::test::write_text(dir / "bad.ini", "epochs = 3\nlearning_rate = 1\n");
  po::variables_map vm;
  try {
    gensr::parse_options({"--config", dir / "bad.ini"}, demo_options(), "usage", vm);
    BOOST_FAIL("expected an error");
  } catch (const gensr::InputError& e) {
    BOOST_TEST(e.file() == dir / "bad.ini");
    BOOST_TEST(std::string(e.what()).find("learning_rate") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_bad_flag_value_is_a_usage_error) {
  po::variables_map vm;
  BOOST_CHECK_THROW(gensr::parse_options({"--epochs", "many"}, demo_options(), "usage", vm),
                    gensr::UsageError);
}

namespace {
// --epochs renamed --passes: both bound to one variable, the old name without a default.
po::options_description renamed_options(int& passes) {
  po::options_description desc("renamed");
  desc.add_options()("passes", po::value<int>(&passes)->default_value(5), "passes")(
      "epochs", po::value<int>(&passes), "old name of --passes");
  return desc;
}
const std::vector<gensr::RenamedOption> kRenamed = {{"epochs", "passes"}};
}  // namespace

BOOST_AUTO_TEST_CASE(an_old_option_name_sets_the_new_one_and_is_recorded_under_it) {
  int passes = 0;
  po::variables_map vm;
  BOOST_TEST(gensr::parse_options({"--epochs", "3"}, renamed_options(passes), "usage", vm, false,
                                  kRenamed));
  BOOST_TEST(passes == 3);
  BOOST_TEST(!vm["passes"].defaulted());
  const auto j = gensr::options_to_json(vm);
  BOOST_TEST(j["passes"] == 3);
  BOOST_TEST(!j.contains("epochs"));
}

BOOST_AUTO_TEST_CASE(an_old_option_name_in_a_config_file_still_counts) {
  TempDir dir;
  gensr::test::write_text(dir / "old.ini", "epochs = 7\n");
  int passes = 0;
  po::variables_map vm;
  BOOST_TEST(gensr::parse_options({"--config", dir / "old.ini"}, renamed_options(passes), "usage",
                                  vm, false, kRenamed));
  BOOST_TEST(passes == 7);
}

BOOST_AUTO_TEST_CASE(without_the_old_name_the_new_one_keeps_its_default) {
  int passes = 0;
  po::variables_map vm;
  BOOST_TEST(gensr::parse_options({}, renamed_options(passes), "usage", vm, false, kRenamed));
  BOOST_TEST(passes == 5);
  BOOST_TEST(vm["passes"].defaulted());
}

BOOST_AUTO_TEST_CASE(an_option_given_under_both_names_is_a_usage_error_naming_both) {
  int passes = 0;
  po::variables_map vm;
  try {
    gensr::parse_options({"--epochs", "3", "--passes", "4"}, renamed_options(passes), "usage", vm,
                         false, kRenamed);
    BOOST_FAIL("expected an error");
  } catch (const gensr::UsageError& e) {
    BOOST_TEST(std::string(e.what()) == "--epochs is the old name of --passes; give only --passes");
  }
}

BOOST_AUTO_TEST_CASE(help_returns_false_without_parsing_further) {
  po::variables_map vm;
  BOOST_TEST(!gensr::parse_options({"--help"}, demo_options(), "usage", vm));
}

BOOST_AUTO_TEST_CASE(an_uncommitted_atomic_file_leaves_nothing_behind) {
  TempDir dir;
  {
    gensr::AtomicTextFile f(dir / "out.txt");
    f.out() << "half";
  }
  BOOST_TEST(std::filesystem::is_empty(dir.path()));
}

BOOST_AUTO_TEST_CASE(a_committed_atomic_file_replaces_the_old_one_whole) {
  TempDir dir;
  gensr::test::write_text(dir / "out.txt", "old");
  {
    gensr::AtomicTextFile f(dir / "out.txt");
    f.out() << "new";
    BOOST_TEST(gensr::test::read_text(dir / "out.txt") == "old");
    f.commit();
  }
  BOOST_TEST(gensr::test::read_text(dir / "out.txt") == "new");
  BOOST_TEST(std::distance(std::filesystem::directory_iterator(dir.path()),
                           std::filesystem::directory_iterator()) == 1);
}

BOOST_AUTO_TEST_CASE(provenance_names_format_version_and_commit) {
  const auto p = gensr::provenance("gensr-dataset", 1);
  BOOST_TEST(p["format"] == "gensr-dataset");
  BOOST_TEST(p["format_version"] == 1);
  BOOST_TEST(p["gensr_version"] == gensr::version());
  BOOST_TEST(p["git_commit"] == gensr::git_commit());
  BOOST_TEST(std::string(gensr::git_commit()).size() >= 7u);
}
