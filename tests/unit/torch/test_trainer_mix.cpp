#define BOOST_TEST_MODULE trainer_mix
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "dist/single_process.h"
#include "support/temp_dir.h"
#include "test_trainer_data.h"
#include "train/trainer.h"

using namespace gensr;

namespace {

TrainOptions mixed(const std::string& out, std::int64_t max_steps) {
  TrainOptions o;
  o.out_dir = out;
  o.batch_size = 16;  // 96 instances per epoch: 6 steps
  o.threads = 1;
  o.progress = false;
  o.epochs = 2;
  o.max_steps = max_steps;
  o.task_mix = 0.5;  // 24 search instances oversampled to 48, 72 rec subsampled to 48
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_mixed_run_resumes_to_the_same_losses_as_a_straight_one) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  const TrainSummary straight = train(data, mixed(dir / "straight", 9), comm);
  BOOST_TEST_REQUIRE(straight.losses.size() == 9u);
  const TrainSummary first = train(data, mixed(dir / "resumed", 4), comm);
  const TrainSummary second = train(data, mixed(dir / "resumed", 9), comm);
  BOOST_TEST(second.resumed);
  std::vector<double> resumed = first.losses;
  resumed.insert(resumed.end(), second.losses.begin(), second.losses.end());
  BOOST_TEST(resumed == straight.losses, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(config_json_records_the_mix_and_the_realised_counts) {
  const PreparedData data = test::tiny_prepared();
  test::TempDir dir;
  SingleProcessCommunicator comm;
  train(data, mixed(dir / "run", 1), comm);
  const auto j = nlohmann::json::parse(test::read_text(dir / "run/config.json"))["training"];
  BOOST_TEST(j["task_mix"].get<double>() == 0.5);
  BOOST_TEST(j["search_instances_per_epoch"].get<int>() == 48);
  BOOST_TEST(j["rec_instances_per_epoch"].get<int>() == 48);
  BOOST_TEST(j["steps_per_epoch"].get<int>() == 6);
}
