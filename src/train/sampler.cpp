#include "train/sampler.h"

#include <algorithm>
#include <cmath>

#include "data/prepared.h"
#include "util/error.h"
#include "util/random.h"

namespace gensr {

namespace {

std::int32_t target_item(const PreparedData& p, Task task, std::int32_t index) {
  if (task == Task::kSearch) return p.search_train[index].item;
  const RecInstance& r = p.rec_train[index];
  return p.seq_items[p.seq_offsets[r.seq] + r.end];
}

std::vector<InstanceRef> task_instances(const PreparedData& p, Task task, std::int64_t max_per_item,
                                        std::uint64_t seed) {
  const std::int64_t n =
      static_cast<std::int64_t>(task == Task::kRec ? p.rec_train.size() : p.search_train.size());
  std::vector<InstanceRef> out;
  if (max_per_item <= 0) {
    out.reserve(n);
    for (std::int64_t i = 0; i < n; ++i) out.push_back({task, static_cast<std::int32_t>(i)});
    return out;
  }
  std::vector<std::int64_t> per_item(p.item_ids.size(), 0);
  std::vector<char> keep(n, 0);
  for (std::int64_t i : seeded_permutation(n, mix_seed({seed, 0xcafe, std::uint64_t(task)}))) {
    std::int64_t& count = per_item.at(target_item(p, task, static_cast<std::int32_t>(i)));
    if (count < max_per_item) {
      ++count;
      keep[i] = 1;
    }
  }
  for (std::int64_t i = 0; i < n; ++i)
    if (keep[i]) out.push_back({task, static_cast<std::int32_t>(i)});
  return out;
}

}  // namespace

std::vector<InstanceRef> training_instances(const PreparedData& p, const std::vector<Task>& tasks,
                                            std::int64_t max_per_item, std::uint64_t seed,
                                            const std::vector<Task>& capped_tasks) {
  const auto has = [](const std::vector<Task>& ts, Task t) {
    return std::find(ts.begin(), ts.end(), t) != ts.end();
  };
  std::vector<InstanceRef> out;
  for (Task t : {Task::kRec, Task::kSearch}) {
    if (!has(tasks, t)) continue;
    const bool capped = capped_tasks.empty() || has(capped_tasks, t);
    auto part = task_instances(p, t, capped ? max_per_item : 0, seed);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

std::vector<std::int64_t> seeded_permutation(std::int64_t n, std::uint64_t seed) {
  std::vector<std::int64_t> perm(static_cast<std::size_t>(std::max<std::int64_t>(n, 0)));
  for (std::int64_t i = 0; i < n; ++i) perm[i] = i;
  Rng rng(seed);
  shuffle(perm, rng);
  return perm;
}

std::pair<std::int64_t, std::int64_t> even_slice(std::int64_t length, int part, int parts) {
  const std::int64_t base = length / parts, extra = length % parts;
  const std::int64_t begin = part * base + std::min<std::int64_t>(part, extra);
  return {begin, begin + base + (part < extra ? 1 : 0)};
}

Sampler::Sampler(std::vector<InstanceRef> instances, std::uint64_t seed, std::int64_t global_batch,
                 double search_share)
    : instances_(std::move(instances)), seed_(seed), global_batch_(global_batch) {
  if (global_batch_ <= 0) throw UsageError("the global batch size must be positive");
  for (std::int64_t i = 0; i < size(); ++i)
    pool_[static_cast<int>(instances_[i].task)].push_back(i);
  for (int t = 0; t < 2; ++t) mixed_count_[t] = static_cast<std::int64_t>(pool_[t].size());
  if (search_share < 0) return;
  if (!(search_share > 0 && search_share < 1))
    throw UsageError("--task-mix: the share of search instances must lie strictly between 0 and 1");
  if (pool_[0].empty() || pool_[1].empty())
    throw UsageError("--task-mix needs training instances of both tasks (--tasks rec,search)");
  mixed_ = true;
  const std::int64_t search = std::clamp<std::int64_t>(
      std::llround(search_share * static_cast<double>(size())), 1, size() - 1);
  mixed_count_[static_cast<int>(Task::kSearch)] = search;
  mixed_count_[static_cast<int>(Task::kRec)] = size() - search;
}

std::int64_t Sampler::per_epoch(Task task) const { return mixed_count_[static_cast<int>(task)]; }

std::vector<std::int64_t> Sampler::mixed_epoch(std::int64_t epoch) const {
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(size()));
  for (int t = 0; t < 2; ++t) {
    const auto& pool = pool_[t];
    const auto n = static_cast<std::int64_t>(pool.size());
    for (std::int64_t copy = 0; copy < mixed_count_[t] / n; ++copy)
      out.insert(out.end(), pool.begin(), pool.end());
    const auto part = seeded_permutation(
        n, mix_seed({seed_, 0x3a1c, static_cast<std::uint64_t>(epoch), std::uint64_t(t)}));
    for (std::int64_t i = 0; i < mixed_count_[t] % n; ++i) out.push_back(pool[part[i]]);
  }
  return out;
}

std::int64_t Sampler::steps_per_epoch() const {
  return (size() + global_batch_ - 1) / global_batch_;
}

const std::vector<std::int64_t>& Sampler::order(std::int64_t epoch) {
  if (epoch != cached_epoch_) {
    cached_order_ = seeded_permutation(size(), mix_seed({seed_, 0xe90c, std::uint64_t(epoch)}));
    if (mixed_) {
      const std::vector<std::int64_t> chosen = mixed_epoch(epoch);
      for (auto& i : cached_order_) i = chosen[i];
    }
    cached_epoch_ = epoch;
  }
  return cached_order_;
}

std::vector<InstanceRef> Sampler::global_batch_at(std::int64_t epoch, std::int64_t position) {
  const auto& perm = order(epoch);
  const std::int64_t end = std::min(size(), position + global_batch_);
  std::vector<InstanceRef> out;
  for (std::int64_t i = position; i < end; ++i) out.push_back(instances_[perm[i]]);
  return out;
}

std::vector<InstanceRef> Sampler::rank_slice(const std::vector<InstanceRef>& batch, int rank,
                                             int size) {
  const auto [b, e] = even_slice(static_cast<std::int64_t>(batch.size()), rank, size);
  return {batch.begin() + b, batch.begin() + e};
}

}  // namespace gensr
