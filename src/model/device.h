#pragma once

#include <cstdint>
#include <string>

#include <c10/core/Device.h>

namespace gensr {

// The value of --device: "auto" (a GPU when LibTorch has CUDA and one is visible, else the
// CPU), "cpu", "cuda" (GPU `local_rank` modulo the visible GPUs, so one rank per GPU on each
// node), or "cuda:N". Throws UsageError for anything else, and for CUDA when none is visible.
c10::Device resolve_device(const std::string& spec, int local_rank);

// Seeds the generators that dropout and initialisation draw from: the CPU one always, and the
// device's own when it is a GPU (CUDA dropout draws from there).
void seed_generators(std::uint64_t seed, c10::Device device);

}  // namespace gensr
