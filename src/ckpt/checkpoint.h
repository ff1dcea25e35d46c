#pragma once

// HDF5 checkpoints (DESIGN.md "Checkpoints"): /model/<HF parameter name> float32 datasets,
// /optimizer/<name>/{exp_avg,exp_avg_sq} with the step as an attribute of /optimizer,
// /trainer attributes plus RNG state datasets, /config attributes (JSON text, item offset,
// data fingerprint), /items and /tokenizer. The layout is documented in docs/training.md.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace at {
class Tensor;
}
namespace torch::nn {
class Module;
}

namespace gensr {

namespace h5 {
class File;
}

constexpr int kCheckpointFormatVersion = 1;

// Where training stands; enough to continue exactly.
struct TrainerState {
  std::int64_t epoch = 0;        // epochs completed
  std::int64_t global_step = 0;  // optimizer steps taken
  std::int64_t position = 0;     // global instances of the current epoch already trained on
  std::int64_t world_size = 1;   // ranks at save time (for the record; resuming may differ)
  double best_metric = -1;       // best mean validation recall so far (-1: none yet)
  std::int64_t best_step = -1;
  std::vector<std::uint8_t> rng_state;  // LibTorch's CPU generator state
};

// What a checkpoint says about itself beside the tensors.
struct CheckpointMeta {
  std::string model_config_json;     // HF config.json text of the model
  std::string training_config_json;  // resolved training options
  std::int64_t item_offset = 0;
  std::string data_fingerprint;
  std::vector<std::string> items;  // item ids in token order
  std::string tokenizer;           // SentencePiece model bytes ("" when none)
  std::string provenance_json;     // format, versions, commit (read back only)
};

// Writes the optimizer's state (/optimizer) into a checkpoint being written. The optimizer's
// owner knows the algorithm (train/optimizer.h); the checkpoint only knows where it goes.
using OptimizerStateWriter = std::function<void(h5::File&)>;

// Writes `path` atomically (to a temporary name, then renamed). `optimizer` may be empty (no
// optimizer state). `model` is any module: its named parameters become /model/<name>.
void write_checkpoint(const std::string& path, torch::nn::Module& model,
                      const OptimizerStateWriter& optimizer, const TrainerState& state,
                      const CheckpointMeta& meta);

// Opens a checkpoint after the checks of read_checkpoint_meta, for readers of one part of it.
h5::File open_checkpoint(const std::string& path);

// A tensor of a checkpoint: stored as float32 whatever its dtype and device; read back into
// `dst` (any dtype or device) after checking the shape, with an InputError naming the dataset.
void write_checkpoint_tensor(h5::File& file, const std::string& name, const at::Tensor& t);
void read_checkpoint_tensor(const h5::File& file, const std::string& name, const at::Tensor& dst);

// Opens and checks a checkpoint; throws InputError naming the file when it is not a complete
// gensr checkpoint (truncated, foreign, other format version).
CheckpointMeta read_checkpoint_meta(const std::string& path);
TrainerState read_trainer_state(const std::string& path);

// Throws InputError when the checkpoint was trained on other prepared data.
void check_fingerprint(const std::string& path, const CheckpointMeta& meta,
                       const std::string& data_fingerprint);

// Copies the parameters of `path` into `model`, whose parameter names and shapes must match;
// throws InputError naming the parameter otherwise. Any module: /model holds its
// named_parameters(), whatever the architecture.
void load_model(const std::string& path, torch::nn::Module& model);

}  // namespace gensr
