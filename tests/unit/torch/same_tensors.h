#pragma once

// Exact-resume checks: two checkpoints hold bitwise equal tensors.

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

#include "util/h5.h"

namespace gensr::test {

// Every float dataset under `group` of two checkpoint files (recursing into /optimizer's
// per-parameter groups) is bitwise equal; an empty group fails.
inline void check_same_tensors(const std::string& a, const std::string& b,
                               const std::string& group) {
  const h5::File fa = h5::File::open(a), fb = h5::File::open(b);
  const auto names = fa.list(group);
  BOOST_TEST_REQUIRE(!names.empty(), group);
  for (const auto& name : names) {
    const std::string path = group + "/" + name;
    if (group == "/optimizer") {
      check_same_tensors(a, b, path);
      continue;
    }
    const auto va = fa.read<float>(path), vb = fb.read<float>(path);
    BOOST_TEST_REQUIRE(va.size() == vb.size());
    BOOST_TEST(std::memcmp(va.data(), vb.data(), va.size() * sizeof(float)) == 0, path);
  }
}

}  // namespace gensr::test
