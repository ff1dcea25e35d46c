#define BOOST_TEST_MODULE device
#include <boost/test/unit_test.hpp>

#include <torch/cuda.h>

#include "model/device.h"
#include "util/error.h"

using namespace gensr;

// What --device resolves to. The CUDA cases hold on both kinds of machine: a GPU machine gives
// the rank's GPU, a machine without one refuses with a usage error instead of failing later.

BOOST_AUTO_TEST_CASE(cpu_is_the_cpu_and_auto_follows_the_visible_gpus) {
  BOOST_TEST(resolve_device("cpu", 3).is_cpu());
  const int gpus = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
  const c10::Device automatic = resolve_device("auto", 1);
  if (gpus == 0) {
    BOOST_TEST(automatic.is_cpu());
  } else {
    BOOST_TEST(automatic.is_cuda());
    BOOST_TEST(automatic.index() == 1 % gpus);
  }
}

BOOST_AUTO_TEST_CASE(cuda_takes_the_local_rank_modulo_the_gpus_or_is_refused_without_one) {
  const int gpus = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
  if (gpus == 0) {
    BOOST_CHECK_THROW(resolve_device("cuda", 0), UsageError);
    BOOST_CHECK_THROW(resolve_device("cuda:0", 0), UsageError);
  } else {
    BOOST_TEST(resolve_device("cuda", gpus + 1).index() == 1 % gpus);
    BOOST_TEST(resolve_device("cuda:0", 5).index() == 0);
    BOOST_CHECK_THROW(resolve_device("cuda:" + std::to_string(gpus), 0), UsageError);
  }
}

BOOST_AUTO_TEST_CASE(anything_else_is_a_usage_error_naming_the_option) {
  for (const char* bad : {"gpu", "cuda:", "cuda:x", "cuda:-1", "CPU", ""}) {
    try {
      resolve_device(bad, 0);
      BOOST_ERROR("accepted '" << bad << "'");
    } catch (const UsageError& e) {
      BOOST_TEST(std::string(e.what()).find("--device") != std::string::npos, e.what());
    }
  }
}
