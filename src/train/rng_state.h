#pragma once

#include <cstdint>
#include <vector>

namespace gensr {

// LibTorch's CPU generator state, which checkpoints keep (TrainerState::rng_state) so that a
// resumed run draws what the uninterrupted run would have drawn.
std::vector<std::uint8_t> cpu_rng_state();
// Empty: leaves the generator as it is (a checkpoint without the state).
void set_cpu_rng_state(const std::vector<std::uint8_t>& state);

}  // namespace gensr
