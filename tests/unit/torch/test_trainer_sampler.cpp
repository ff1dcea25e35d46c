#define BOOST_TEST_MODULE trainer_sampler
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>

#include "test_trainer_data.h"
#include "train/sampler.h"
#include "util/error.h"

using namespace gensr;

namespace {

std::vector<InstanceRef> refs(int n) {
  std::vector<InstanceRef> out;
  for (int i = 0; i < n; ++i) out.push_back({i % 2 ? Task::kSearch : Task::kRec, i});
  return out;
}

std::vector<InstanceRef> whole_epoch(Sampler& s, std::int64_t epoch) {
  std::vector<InstanceRef> out;
  for (std::int64_t pos = 0; pos < s.size(); pos += s.global_batch()) {
    auto b = s.global_batch_at(epoch, pos);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

bool less(const InstanceRef& a, const InstanceRef& b) {
  return std::make_pair(a.task, a.index) < std::make_pair(b.task, b.index);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_permutation_depends_only_on_seed_and_epoch) {
  Sampler a(refs(100), 7, 16), b(refs(100), 7, 16), c(refs(100), 8, 16);
  BOOST_TEST((whole_epoch(a, 3) == whole_epoch(b, 3)));
  BOOST_TEST(!(whole_epoch(a, 3) == whole_epoch(a, 4)));
  BOOST_TEST(!(whole_epoch(a, 3) == whole_epoch(c, 3)));
  // Asking for a batch in the middle of an epoch (as a resume does) gives the same batch.
  Sampler fresh(refs(100), 7, 16);
  const auto late = fresh.global_batch_at(3, 48);
  const auto epoch = whole_epoch(a, 3);
  BOOST_TEST((late == std::vector<InstanceRef>(epoch.begin() + 48, epoch.begin() + 64)));
}

BOOST_AUTO_TEST_CASE(seeded_permutation_is_fixed_for_a_seed) {
  // Pinned values: the order must not change with the standard library or a refactoring,
  // or old runs could not be resumed.
  const auto p = seeded_permutation(10, 42);
  BOOST_TEST(p == (std::vector<std::int64_t>{1, 7, 9, 0, 3, 8, 4, 2, 5, 6}),
             boost::test_tools::per_element());
  auto sorted = p;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 10; ++i) BOOST_TEST(sorted[i] == i);
  BOOST_TEST((p == seeded_permutation(10, 42)));
  BOOST_TEST(!(p == seeded_permutation(10, 43)));
}

BOOST_AUTO_TEST_CASE(every_instance_is_seen_once_per_epoch) {
  Sampler s(refs(101), 1, 16);  // 101 = 6 full batches + a partial one of 5
  BOOST_TEST(s.steps_per_epoch() == 7);
  for (std::int64_t epoch : {0, 1}) {
    auto seen = whole_epoch(s, epoch);
    BOOST_TEST(seen.size() == 101u);
    std::sort(seen.begin(), seen.end(), less);
    auto all = refs(101);
    std::sort(all.begin(), all.end(), less);
    BOOST_TEST((seen == all));
  }
  BOOST_TEST(s.global_batch_at(0, 96).size() == 5u);
}

BOOST_AUTO_TEST_CASE(rank_slices_cover_the_global_batch_in_order) {
  Sampler s(refs(50), 3, 16);
  for (std::int64_t pos : {0, 48}) {  // a full batch and the partial last one (2)
    const auto batch = s.global_batch_at(0, pos);
    std::vector<InstanceRef> joined;
    std::size_t smallest = batch.size(), largest = 0;
    for (int r = 0; r < 3; ++r) {
      const auto part = Sampler::rank_slice(batch, r, 3);
      smallest = std::min(smallest, part.size());
      largest = std::max(largest, part.size());
      joined.insert(joined.end(), part.begin(), part.end());
    }
    BOOST_TEST((joined == batch));
    BOOST_TEST(largest - smallest <= 1u);
  }
}

BOOST_AUTO_TEST_CASE(max_per_item_caps_training_instances_per_target_item) {
  const PreparedData p = test::tiny_prepared();
  // Each item is the rec target of 6 training instances and the search target of 2.
  const auto all = training_instances(p, {Task::kRec, Task::kSearch}, 0, 5);
  BOOST_TEST(all.size() == p.rec_train.size() + p.search_train.size());
  const auto capped = training_instances(p, {Task::kRec, Task::kSearch}, 3, 5);
  std::map<std::pair<int, int>, int> per_item;  // (task, item) -> count
  for (const auto& r : capped) {
    const int item =
        r.task == Task::kSearch
            ? p.search_train[r.index].item
            : p.seq_items[p.seq_offsets[p.rec_train[r.index].seq] + p.rec_train[r.index].end];
    ++per_item[{static_cast<int>(r.task), item}];
  }
  for (const auto& [key, count] : per_item) BOOST_TEST(count == (key.first == 0 ? 3 : 2));
  BOOST_TEST(capped.size() == 12u * 3 + 12u * 2);
  // The kept instances depend on the seed, but only on it.
  BOOST_TEST((capped == training_instances(p, {Task::kRec, Task::kSearch}, 3, 5)));
  BOOST_TEST(!(capped == training_instances(p, {Task::kRec, Task::kSearch}, 3, 6)));
}

BOOST_AUTO_TEST_CASE(max_per_item_caps_only_the_named_tasks) {
  const PreparedData p = test::tiny_prepared();
  // Figure 4: the added task (search) is capped, the target task (rec) keeps every instance.
  const auto capped = training_instances(p, {Task::kRec, Task::kSearch}, 1, 5, {Task::kSearch});
  std::size_t rec = 0, search = 0;
  std::map<int, int> search_per_item;
  for (const auto& r : capped) {
    if (r.task == Task::kRec) {
      ++rec;
    } else {
      ++search;
      ++search_per_item[p.search_train[r.index].item];
    }
  }
  BOOST_TEST(rec == p.rec_train.size());
  BOOST_TEST(search == 12u);  // 12 items, one search instance each
  for (const auto& [item, count] : search_per_item) BOOST_TEST(count == 1, "item " << item);
  // Naming every task is the default.
  BOOST_TEST(
      (training_instances(p, {Task::kRec, Task::kSearch}, 3, 5, {Task::kRec, Task::kSearch}) ==
       training_instances(p, {Task::kRec, Task::kSearch}, 3, 5)));
}

BOOST_AUTO_TEST_CASE(tasks_select_the_instances) {
  const PreparedData p = test::tiny_prepared();
  BOOST_TEST(training_instances(p, parse_tasks("rec"), 0, 1).size() == p.rec_train.size());
  BOOST_TEST(training_instances(p, parse_tasks("search"), 0, 1).size() == p.search_train.size());
  BOOST_CHECK_THROW(parse_tasks("books"), UsageError);
}

BOOST_AUTO_TEST_CASE(even_slices_differ_by_at_most_one) {
  BOOST_TEST((even_slice(10, 0, 3) == std::make_pair<std::int64_t, std::int64_t>(0, 4)));
  BOOST_TEST((even_slice(10, 1, 3) == std::make_pair<std::int64_t, std::int64_t>(4, 7)));
  BOOST_TEST((even_slice(10, 2, 3) == std::make_pair<std::int64_t, std::int64_t>(7, 10)));
  BOOST_TEST((even_slice(1, 1, 2) == std::make_pair<std::int64_t, std::int64_t>(1, 1)));
}

namespace {

// How often each instance of `task` occurs in a whole epoch.
std::map<std::int32_t, int> occurrences(const std::vector<InstanceRef>& epoch, Task task) {
  std::map<std::int32_t, int> out;
  for (const auto& r : epoch)
    if (r.task == task) ++out[r.index];
  return out;
}

std::vector<InstanceRef> tiny_instances() {  // 72 rec + 24 search
  return training_instances(test::tiny_prepared(), {Task::kRec, Task::kSearch}, 0, 1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(task_mix_realises_the_search_share_by_oversampling_search) {
  Sampler s(tiny_instances(), 4, 16, 0.5);
  BOOST_TEST(s.size() == 96);  // the epoch keeps its natural length
  BOOST_TEST(s.per_epoch(Task::kSearch) == 48);
  const auto epoch = whole_epoch(s, 0);
  BOOST_TEST_REQUIRE(epoch.size() == 96u);
  const auto search = occurrences(epoch, Task::kSearch);
  BOOST_TEST(search.size() == 24u);  // every search instance, twice
  for (const auto& [index, count] : search) BOOST_TEST(count == 2);
  const auto rec = occurrences(epoch, Task::kRec);
  BOOST_TEST(rec.size() == 48u);  // 48 distinct rec instances of the 72
  for (const auto& [index, count] : rec) BOOST_TEST(count == 1);
}

BOOST_AUTO_TEST_CASE(task_mix_below_the_natural_share_subsamples_search) {
  Sampler s(tiny_instances(), 4, 16, 0.1);
  const auto epoch = whole_epoch(s, 1);
  const auto search = occurrences(epoch, Task::kSearch);
  BOOST_TEST(search.size() == 10u);  // round(0.1 * 96) distinct search instances
  int rec_total = 0, rec_twice = 0;
  for (const auto& [index, count] : occurrences(epoch, Task::kRec)) {
    rec_total += count;
    rec_twice += count == 2;
  }
  BOOST_TEST(rec_total == 86);  // all 72 once, 14 of them a second time
  BOOST_TEST(rec_twice == 14);
}

BOOST_AUTO_TEST_CASE(task_mix_draws_other_instances_each_epoch_but_resumes_exactly) {
  Sampler a(tiny_instances(), 4, 16, 0.5), b(tiny_instances(), 4, 16, 0.5);
  const auto e0 = whole_epoch(a, 0), e1 = whole_epoch(a, 1);
  BOOST_TEST(!(occurrences(e0, Task::kRec) == occurrences(e1, Task::kRec)));
  // A fresh sampler asked for a batch in the middle of epoch 1 (a resume) gives the same one.
  BOOST_TEST(
      (b.global_batch_at(1, 32) == std::vector<InstanceRef>(e1.begin() + 32, e1.begin() + 48)));
}

BOOST_AUTO_TEST_CASE(without_task_mix_the_epoch_is_the_natural_mix) {
  Sampler s(tiny_instances(), 4, 16);
  BOOST_TEST(s.per_epoch(Task::kRec) == 72);
  BOOST_TEST(s.per_epoch(Task::kSearch) == 24);
  const auto epoch = whole_epoch(s, 0);
  BOOST_TEST(occurrences(epoch, Task::kRec).size() == 72u);
  BOOST_TEST(occurrences(epoch, Task::kSearch).size() == 24u);
}

BOOST_AUTO_TEST_CASE(task_mix_needs_both_tasks_and_a_share_inside_0_1) {
  const PreparedData p = test::tiny_prepared();
  BOOST_CHECK_THROW(Sampler(training_instances(p, {Task::kRec}, 0, 1), 4, 16, 0.5), UsageError);
  BOOST_CHECK_THROW(Sampler(tiny_instances(), 4, 16, 1.0), UsageError);
  BOOST_CHECK_THROW(Sampler(tiny_instances(), 4, 16, 0.0), UsageError);
}
