#include "model/device.h"

#include <mutex>
#include <vector>

#include <ATen/Context.h>
#include <torch/cuda.h>

#include "util/error.h"

namespace gensr {

namespace {

int visible_gpus() {
  return torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
}

c10::Device cuda_device(const std::string& spec, int index) {
  const int gpus = visible_gpus();
  if (gpus == 0)
    throw UsageError("--device " + spec +
                     ": no GPU is visible (LibTorch without CUDA, or CUDA_VISIBLE_DEVICES "
                     "is empty)");
  if (index >= gpus)
    throw UsageError("--device " + spec + ": GPU " + std::to_string(index) + " of " +
                     std::to_string(gpus) + " visible does not exist");
  return {c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(index)};
}

}  // namespace

c10::Device resolve_device(const std::string& spec, int local_rank) {
  if (spec == "cpu") return c10::Device(c10::DeviceType::CPU);
  if (spec == "auto" && visible_gpus() == 0) return c10::Device(c10::DeviceType::CPU);
  if (spec == "auto" || spec == "cuda") {
    const int gpus = visible_gpus();
    return cuda_device(spec, gpus > 0 ? local_rank % gpus : 0);
  }
  const std::string prefix = "cuda:";
  if (spec.rfind(prefix, 0) == 0 && spec.size() > prefix.size() &&
      spec.find_first_not_of("0123456789", prefix.size()) == std::string::npos)
    return cuda_device(spec, std::stoi(spec.substr(prefix.size())));
  throw UsageError("--device: expected auto, cpu, cuda or cuda:N, got '" + spec + "'");
}

void seed_generators(std::uint64_t seed, c10::Device device) {
  std::vector<c10::Device> devices{c10::Device(c10::DeviceType::CPU)};
  if (device.is_cuda()) devices.push_back(device);
  for (const c10::Device& d : devices) {
    auto gen = at::globalContext().defaultGenerator(d);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
  }
}

}  // namespace gensr
