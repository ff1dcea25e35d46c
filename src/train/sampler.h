#pragma once

// Which training instances a step sees: the instances of the trained tasks, capped per target
// item, in one seeded global permutation per epoch, cut into global batches that ranks slice.
// No LibTorch here, so the order can be tested and reasoned about on its own.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "data/prepared.h"
#include "util/random.h"

namespace gensr {

// One training instance: an index into PreparedData::rec_train or ::search_train.
struct InstanceRef {
  Task task;
  std::int32_t index;
  bool operator==(const InstanceRef& o) const { return task == o.task && index == o.index; }
};

// The training instances of `tasks`, rec before search, each in file order. With
// max_per_item > 0 each task of `capped_tasks` (empty: every task) keeps at most that many
// instances per target item: the first ones in a permutation seeded from (seed, task), kept in
// file order afterwards. Figure 4 caps only the added task of a joint model.
std::vector<InstanceRef> training_instances(const PreparedData& p, const std::vector<Task>& tasks,
                                            std::int64_t max_per_item, std::uint64_t seed,
                                            const std::vector<Task>& capped_tasks = {});

// Fisher-Yates over 0..n-1 driven by std::mt19937_64 seeded with `seed`, with our own bounded
// draw, so the order is the same with every standard library (std::shuffle's is not).
std::vector<std::int64_t> seeded_permutation(std::int64_t n, std::uint64_t seed);

// [begin, end) of part `part` of `parts` near-equal contiguous parts of `length` items; the
// first length % parts parts have one more. Used for a rank's slice of a global batch and for
// accumulation micro-batches of a rank's slice.
std::pair<std::int64_t, std::int64_t> even_slice(std::int64_t length, int part, int parts);

class Sampler {
 public:
  // global_batch: instances per optimizer step over all ranks and accumulation steps.
  // search_share < 0 keeps the natural mix: every instance once per epoch. A share in (0, 1)
  // (--task-mix) keeps the epoch's length but makes round(share * size) of its instances
  // search ones and the rest rec ones: a task with fewer than its share is repeated whole as
  // often as it fits plus a part, one with more is subsampled; the parts are drawn afresh each
  // epoch from (seed, epoch, task), so the epoch's order still depends on (seed, epoch) only.
  Sampler(std::vector<InstanceRef> instances, std::uint64_t seed, std::int64_t global_batch,
          double search_share = -1);

  // Instances per epoch (the natural count, also under a mix).
  std::int64_t size() const { return static_cast<std::int64_t>(instances_.size()); }
  // Instances of `task` per epoch.
  std::int64_t per_epoch(Task task) const;
  std::int64_t global_batch() const { return global_batch_; }
  // Optimizer steps per epoch; the last global batch may be partial.
  std::int64_t steps_per_epoch() const;

  // The instances of epoch `epoch` at global positions [position, position + global_batch),
  // clipped to the epoch; `position` counts global instances from the start of the epoch.
  std::vector<InstanceRef> global_batch_at(std::int64_t epoch, std::int64_t position);
  // The part of a global batch that rank `rank` of `size` trains on.
  static std::vector<InstanceRef> rank_slice(const std::vector<InstanceRef>& batch, int rank,
                                             int size);

 private:
  const std::vector<std::int64_t>& order(std::int64_t epoch);

  // Indices into instances_ making up epoch `epoch` under the mix, before the shuffle.
  std::vector<std::int64_t> mixed_epoch(std::int64_t epoch) const;

  std::vector<InstanceRef> instances_;
  std::vector<std::int64_t> pool_[2];  // indices into instances_ per task
  std::int64_t mixed_count_[2] = {0, 0};
  bool mixed_ = false;
  std::uint64_t seed_;
  std::int64_t global_batch_;
  std::int64_t cached_epoch_ = -1;
  std::vector<std::int64_t> cached_order_;
};

}  // namespace gensr
