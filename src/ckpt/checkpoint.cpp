#include "ckpt/checkpoint.h"

#include <cstdio>
#include <filesystem>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/nn/module.h>
#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/h5.h"

namespace gensr {

namespace {

const char* kFormat = "gensr-checkpoint";

std::vector<std::uint64_t> shape_of(const at::Tensor& t) {
  std::vector<std::uint64_t> dims;
  for (auto d : t.sizes()) dims.push_back(static_cast<std::uint64_t>(d));
  return dims;
}

}  // namespace

void write_checkpoint_tensor(h5::File& f, const std::string& name, const at::Tensor& t) {
  const at::Tensor c = t.detach().to(at::kCPU, at::kFloat).contiguous();
  f.write<float>(name, c.data_ptr<float>(), shape_of(c));
}

void read_checkpoint_tensor(const h5::File& f, const std::string& name, const at::Tensor& dst) {
  if (!f.exists(name)) throw InputError(f.path(), 0, name, "missing from the checkpoint");
  const auto dims = f.dims(name);
  if (dims != shape_of(dst)) {
    std::string want, got;
    for (auto d : shape_of(dst)) want += (want.empty() ? "" : "x") + std::to_string(d);
    for (auto d : dims) got += (got.empty() ? "" : "x") + std::to_string(d);
    throw InputError(f.path(), 0, name, "shape " + got + " does not match the model's " + want);
  }
  at::Tensor buf = at::empty(dst.sizes(), at::TensorOptions().dtype(at::kFloat));
  f.read_into<float>(name, buf.data_ptr<float>(), static_cast<std::uint64_t>(buf.numel()));
  c10::NoGradGuard no_grad;
  dst.copy_(buf);
}

h5::File open_checkpoint(const std::string& path) {
  h5::File f = h5::File::open_format(path, kFormat, kCheckpointFormatVersion);
  // Written last, so its presence shows that the writer finished.
  if (!f.has_attr("/", "complete"))
    throw InputError(path, 0, "complete", "the checkpoint was not finished by its writer");
  return f;
}

void write_checkpoint(const std::string& path, torch::nn::Module& model,
                      const OptimizerStateWriter& optimizer, const TrainerState& state,
                      const CheckpointMeta& meta) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  const std::string tmp = temp_path_for(path);
  try {
    h5::File f = h5::File::create(tmp);
    f.stamp(kFormat, kCheckpointFormatVersion);

    const auto params = model.named_parameters(/*recurse=*/true);
    for (const auto& p : params) write_checkpoint_tensor(f, "/model/" + p.key(), p.value());

    if (optimizer) optimizer(f);

    f.ensure_group("/trainer");
    f.set_attr("/trainer", "epoch", state.epoch);
    f.set_attr("/trainer", "global_step", state.global_step);
    f.set_attr("/trainer", "position", state.position);
    f.set_attr("/trainer", "world_size", state.world_size);
    f.set_attr("/trainer", "best_metric", state.best_metric);
    f.set_attr("/trainer", "best_step", state.best_step);
    f.write<std::uint8_t>("/trainer/rng_cpu", state.rng_state);

    f.ensure_group("/config");
    f.set_attr("/config", "model", meta.model_config_json);
    f.set_attr("/config", "training", meta.training_config_json);
    f.set_attr("/config", "item_offset", meta.item_offset);
    f.set_attr("/config", "data_fingerprint", meta.data_fingerprint);
    f.write_strings("/items", meta.items);
    f.write_bytes("/tokenizer", meta.tokenizer);

    f.set_attr("/", "complete", std::int64_t{1});
    f.close();
    publish(tmp, path);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

CheckpointMeta read_checkpoint_meta(const std::string& path) {
  const h5::File f = open_checkpoint(path);
  CheckpointMeta m;
  m.model_config_json = f.attr_string("/config", "model");
  m.training_config_json = f.attr_string("/config", "training");
  m.item_offset = f.attr_int("/config", "item_offset");
  m.data_fingerprint = f.attr_string("/config", "data_fingerprint");
  m.items = f.read_strings("/items");
  m.tokenizer = f.read_bytes("/tokenizer");
  m.provenance_json = f.attr_string("/", "provenance");
  return m;
}

TrainerState read_trainer_state(const std::string& path) {
  const h5::File f = open_checkpoint(path);
  TrainerState s;
  s.epoch = f.attr_int("/trainer", "epoch");
  s.global_step = f.attr_int("/trainer", "global_step");
  s.position = f.attr_int("/trainer", "position");
  s.world_size = f.attr_int("/trainer", "world_size");
  s.best_metric = f.attr_double("/trainer", "best_metric");
  s.best_step = f.attr_int("/trainer", "best_step");
  s.rng_state = f.read<std::uint8_t>("/trainer/rng_cpu");
  return s;
}

void check_fingerprint(const std::string& path, const CheckpointMeta& meta,
                       const std::string& data_fingerprint) {
  if (meta.data_fingerprint != data_fingerprint)
    throw InputError(path, 0, "data_fingerprint",
                     "the checkpoint was trained on prepared data " + meta.data_fingerprint +
                         ", but this data is " + data_fingerprint +
                         " (another dataset or another prepare run)");
}

void load_model(const std::string& path, torch::nn::Module& model) {
  const h5::File f = open_checkpoint(path);
  for (const auto& p : model.named_parameters(/*recurse=*/true))
    read_checkpoint_tensor(f, "/model/" + p.key(), p.value());
}

}  // namespace gensr
