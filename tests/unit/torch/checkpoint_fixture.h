#pragma once

// The small model and checkpoint metadata the checkpoint tests save and load (CPU and GPU).

#include <string>

#include "ckpt/checkpoint.h"
#include "model/t5_config.h"

namespace gensr::test {

inline T5Config tiny_checkpoint_config() {
  T5Config c = t5_preset("tiny");
  c.vocab_size = 22;
  return c;
}

inline CheckpointMeta checkpoint_meta() {
  CheckpointMeta m;
  m.model_config_json = "{}";
  m.training_config_json = "{\"lr\": 0.002}";
  m.item_offset = 10;
  m.data_fingerprint = "00000000deadbeef";
  m.items = {"a", "b"};
  m.tokenizer = std::string("\0spm\1", 5);
  return m;
}

}  // namespace gensr::test
