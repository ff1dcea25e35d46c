#include "decode/rank_queries.h"

#include <algorithm>

#include "decode/decoder.h"
#include "decode/model_scorer.h"
#include "dist/communicator.h"
#include "dist/gather.h"
#include "util/error.h"

namespace gensr {

namespace {

// One query's result as it travels to the root: its counts, then `count` ScoredItems.
struct QueryRecord {
  std::int64_t query;
  std::int64_t hypotheses, not_items, repeats, filled;
  std::int64_t count;
};

}  // namespace

std::vector<DecodedItems> rank_queries(RetrievalModel& model, const Decoder& decoder,
                                       const std::vector<EvalQuery>& queries, Communicator& comm,
                                       const RankOptions& opt) {
  if (opt.queries_per_batch < 1) throw UsageError("queries per batch must be at least 1");
  const auto n = static_cast<std::int64_t>(queries.size());
  const std::int64_t batches = (n + opt.queries_per_batch - 1) / opt.queries_per_batch;
  std::vector<QueryRecord> records;
  std::vector<ScoredItem> items;
  for (std::int64_t b = comm.rank(); b < batches; b += comm.size()) {
    const std::int64_t begin = b * opt.queries_per_batch,
                       end = std::min(n, begin + opt.queries_per_batch);
    QueryBatch batch;
    for (std::int64_t q = begin; q < end; ++q) {
      batch.inputs.push_back(queries[q].input);
      batch.history.push_back(queries[q].history);
    }
    const auto scorer = make_scorer(model, batch.inputs, opt.bf16);
    const std::vector<DecodedItems> decoded = decoder.decode(*scorer, batch);
    for (std::int64_t i = 0; i < end - begin; ++i) {
      const DecodedItems& d = decoded[i];
      records.push_back({begin + i, d.hypotheses, d.not_items, d.repeats, d.filled,
                         static_cast<std::int64_t>(d.items.size())});
      items.insert(items.end(), d.items.begin(), d.items.end());
    }
  }
  const auto all_records = gather_records(comm, records, opt.root);
  const auto all_items = gather_records(comm, items, opt.root);
  if (comm.rank() != opt.root) return {};
  std::vector<DecodedItems> out(queries.size());
  for (std::size_t r = 0; r < all_records.size(); ++r) {
    std::size_t next = 0;
    for (const QueryRecord& rec : all_records[r]) {
      DecodedItems& d = out[rec.query];
      d.hypotheses = rec.hypotheses;
      d.not_items = rec.not_items;
      d.repeats = rec.repeats;
      d.filled = rec.filled;
      d.items.assign(all_items[r].begin() + next, all_items[r].begin() + next + rec.count);
      next += static_cast<std::size_t>(rec.count);
    }
  }
  return out;
}

}  // namespace gensr
