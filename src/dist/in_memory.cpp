#include "dist/in_memory.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "util/error.h"

namespace gensr {

namespace {

template <class T>
void reduce_into(T* out, const std::vector<const void*>& in, std::size_t count, ReduceOp op) {
  const T* first = static_cast<const T*>(in[0]);
  std::copy(first, first + count, out);
  for (std::size_t r = 1; r < in.size(); ++r) {
    const T* x = static_cast<const T*>(in[r]);
    for (std::size_t i = 0; i < count; ++i)
      out[i] = op == ReduceOp::kSum ? out[i] + x[i] : (x[i] > out[i] ? x[i] : out[i]);
  }
}

}  // namespace

// The rendezvous of one group. A collective is two phases: every rank posts its input and
// waits for all (phase 1), computes its result from every input into a buffer of its own, waits
// for all again (phase 2: nobody overwrites an input another still reads), then writes it.
class InMemoryGroup {
 public:
  InMemoryGroup(int size, double timeout_seconds)
      : size_(size),
        timeout_(timeout_seconds),
        posts_(static_cast<std::size_t>(size)),
        here_(static_cast<std::size_t>(size), 0) {
    if (size < 1) throw Error("in-memory communicator: size must be at least 1");
  }

  struct Post {
    std::string collective;
    const void* data = nullptr;
    std::size_t bytes = 0;
    int detail = 0;  // root, or the DType and ReduceOp of an all_reduce
  };

  int size() const { return size_; }
  double timeout() const { return timeout_; }

  // Phase 1: posts `post` as `rank`'s and returns every rank's once all have posted.
  std::vector<Post> exchange(int rank, Post post) {
    std::unique_lock<std::mutex> lock(mutex_);
    posts_[rank] = std::move(post);
    wait_for_all(lock, rank, posts_[rank].collective);
    std::vector<Post> all = posts_;
    for (int r = 1; r < size_; ++r)
      if (all[r].collective != all[0].collective || all[r].detail != all[0].detail ||
          (all[0].collective != "gather" && all[r].bytes != all[0].bytes))
        throw Error("rank " + std::to_string(rank) + ": mismatched collectives: rank 0 is in " +
                    describe(all[0]) + ", rank " + std::to_string(r) + " in " + describe(all[r]));
    return all;
  }

  // Phase 2: returns once every rank has read every input.
  void done_reading(int rank, const std::string& collective) {
    std::unique_lock<std::mutex> lock(mutex_);
    wait_for_all(lock, rank, collective);
  }

  void fail(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_.empty()) failure_ = message;
    changed_.notify_all();
  }

 private:
  static std::string describe(const Post& p) {
    std::string s = p.collective;
    if (p.collective != "gather" && p.collective != "barrier")
      s += " of " + std::to_string(p.bytes) + " bytes";
    if (p.collective == "broadcast" || p.collective == "gather")
      s += " from root " + std::to_string(p.detail);
    return s;
  }

  void wait_for_all(std::unique_lock<std::mutex>& lock, int rank, const std::string& collective) {
    if (!failure_.empty()) throw Error("rank " + std::to_string(rank) + ": " + failure_);
    const std::uint64_t generation = generation_;
    here_[rank] = 1;
    if (++arrived_ == size_) {
      arrived_ = 0;
      std::fill(here_.begin(), here_.end(), 0);
      ++generation_;
      changed_.notify_all();
      return;
    }
    const bool met = changed_.wait_for(lock, std::chrono::duration<double>(timeout_), [&] {
      return generation_ != generation || !failure_.empty();
    });
    if (generation_ != generation) return;
    if (!met) {
      std::string missing;
      for (int r = 0; r < size_; ++r)
        if (!here_[r]) missing += (missing.empty() ? "" : ", ") + std::to_string(r);
      failure_ = collective + " timed out after " + std::to_string(timeout_) + " s: rank(s) " +
                 missing + " did not arrive";
      changed_.notify_all();
    }
    throw Error("rank " + std::to_string(rank) + ": " + failure_);
  }

  const int size_;
  const double timeout_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Post> posts_;
  std::vector<char> here_;  // per rank: arrived in the current phase
  int arrived_ = 0;
  std::uint64_t generation_ = 0;
  std::string failure_;  // once set, every wait ends with it
};

std::shared_ptr<InMemoryGroup> make_in_memory_group(int size, double timeout_seconds) {
  return std::make_shared<InMemoryGroup>(size, timeout_seconds);
}

InMemoryCommunicator::InMemoryCommunicator(std::shared_ptr<InMemoryGroup> group, int rank)
    : group_(std::move(group)), rank_(rank) {
  if (rank < 0 || rank >= group_->size())
    throw Error("in-memory communicator: rank " + std::to_string(rank) + " of a group of " +
                std::to_string(group_->size()));
}

int InMemoryCommunicator::size() const { return group_->size(); }
double InMemoryCommunicator::timeout_seconds() const { return group_->timeout(); }

void InMemoryCommunicator::barrier() {
  group_->exchange(rank_, {"barrier", nullptr, 0, 0});
  group_->done_reading(rank_, "barrier");
}

void InMemoryCommunicator::broadcast(void* data, std::size_t bytes, int root) {
  if (root < 0 || root >= size())
    throw Error("broadcast: root " + std::to_string(root) + " is not a rank (size " +
                std::to_string(size()) + ")");
  const auto all = group_->exchange(rank_, {"broadcast", data, bytes, root});
  std::string copy(static_cast<const char*>(all[root].data), bytes);
  group_->done_reading(rank_, "broadcast");
  if (rank_ != root && bytes > 0) std::memcpy(data, copy.data(), bytes);
}

void InMemoryCommunicator::all_reduce(void* data, std::size_t count, DType type, ReduceOp op) {
  const std::size_t bytes = count * dtype_size(type);
  const int detail = static_cast<int>(type) * 2 + static_cast<int>(op);
  const auto all = group_->exchange(rank_, {"all_reduce", data, bytes, detail});
  std::vector<const void*> inputs;
  for (const auto& p : all) inputs.push_back(p.data);
  std::vector<std::uint64_t> result((bytes + 7) / 8);  // 8-byte aligned for every type
  if (count > 0) switch (type) {
      case DType::kFloat32:
        reduce_into(reinterpret_cast<float*>(result.data()), inputs, count, op);
        break;
      case DType::kFloat64:
        reduce_into(reinterpret_cast<double*>(result.data()), inputs, count, op);
        break;
      case DType::kInt64:
        reduce_into(reinterpret_cast<std::int64_t*>(result.data()), inputs, count, op);
        break;
      case DType::kInt32:
        reduce_into(reinterpret_cast<std::int32_t*>(result.data()), inputs, count, op);
        break;
      case DType::kUInt8:
        reduce_into(reinterpret_cast<std::uint8_t*>(result.data()), inputs, count, op);
        break;
    }
  group_->done_reading(rank_, "all_reduce");
  if (bytes > 0) std::memcpy(data, result.data(), bytes);
}

std::vector<std::string> InMemoryCommunicator::gather(const std::string& bytes, int root) {
  if (root < 0 || root >= size())
    throw Error("gather: root " + std::to_string(root) + " is not a rank (size " +
                std::to_string(size()) + ")");
  const auto all = group_->exchange(rank_, {"gather", &bytes, bytes.size(), root});
  std::vector<std::string> out;
  if (rank_ == root)
    for (const auto& p : all) out.push_back(*static_cast<const std::string*>(p.data));
  group_->done_reading(rank_, "gather");
  return out;
}

void InMemoryCommunicator::abort(const std::string& message, int) {
  group_->fail("rank " + std::to_string(rank_) + " aborted: " + message);
  throw Error("rank " + std::to_string(rank_) + ": " + message);
}

void run_in_memory(int size, const std::function<void(Communicator&)>& f, double timeout_seconds) {
  const auto group = make_in_memory_group(size, timeout_seconds);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(size));
  std::mutex order_mutex;
  std::vector<int> order;  // ranks in the order they failed
  std::vector<std::thread> threads;
  for (int r = 0; r < size; ++r)
    threads.emplace_back([&, r] {
      try {
        InMemoryCommunicator comm(group, r);
        f(comm);
      } catch (const std::exception& e) {
        errors[r] = std::current_exception();
        {
          std::lock_guard<std::mutex> lock(order_mutex);
          order.push_back(r);
        }
        group->fail("rank " + std::to_string(r) + " failed: " + e.what());
      } catch (...) {
        errors[r] = std::current_exception();
        {
          std::lock_guard<std::mutex> lock(order_mutex);
          order.push_back(r);
        }
        group->fail("rank " + std::to_string(r) + " failed");
      }
    });
  for (auto& t : threads) t.join();
  if (!order.empty()) std::rethrow_exception(errors[order.front()]);
}

}  // namespace gensr
