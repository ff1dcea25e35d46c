#include "evaluate/evaluate.h"

#include <cstring>

#include "ckpt/checkpoint.h"
#include "data/prepared.h"
#include "decode/decoding.h"
#include "decode/t5_scorer.h"
#include "decode/topk.h"
#include "dist/communicator.h"
#include "evaluate/report.h"
#include "model/t5.h"
#include "model/t5_config.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

template <class T>
void put(std::string& buf, const T& x) {
  buf.append(reinterpret_cast<const char*>(&x), sizeof x);
}
template <class T>
T take(const std::string& buf, std::size_t& pos) {
  T x;
  std::memcpy(&x, buf.data() + pos, sizeof x);
  pos += sizeof x;
  return x;
}

}  // namespace

nlohmann::json evaluate_checkpoint(const EvalOptions& opt, Communicator& comm) {
  const Task task = parse_task(opt.task);
  const Split split = parse_eval_split(opt.split);
  const Decoding decoding = parse_decoding(opt.decoding);
  if (opt.k < 1) throw UsageError("--k must be at least 1");
  if (opt.batch_size < 1) throw UsageError("--batch-size must be at least 1");
  const PreparedData data = read_prepared(opt.data);
  const CheckpointMeta meta = read_checkpoint_meta(opt.checkpoint);
  check_fingerprint(opt.checkpoint, meta, data.fingerprint);
  check_decoding(decoding, opt.k, data.num_items());
  const AtomicItemIds item_ids(data.item_offset, data.num_items());

  T5 model(t5_config_from_hf_json(nlohmann::json::parse(meta.model_config_json),
                                  opt.checkpoint + ":/config"));
  load_model(opt.checkpoint, *model);
  model->eval();

  const std::vector<EvalQuery> queries = data.eval_queries(task, split);
  const std::int64_t batches =
      (static_cast<std::int64_t>(queries.size()) + opt.batch_size - 1) / opt.batch_size;
  std::string mine;
  for (std::int64_t b = comm.rank(); b < batches; b += comm.size()) {
    const std::size_t begin = static_cast<std::size_t>(b * opt.batch_size);
    const std::size_t end =
        std::min(queries.size(), begin + static_cast<std::size_t>(opt.batch_size));
    std::vector<std::vector<std::int32_t>> inputs;
    for (std::size_t q = begin; q < end; ++q) inputs.push_back(queries[q].input);
    std::vector<DecodedItems> top;
    if (decoding == Decoding::kTopK) {
      for (auto& items :
           top_k_items(*model, inputs, data.item_offset, data.num_items(), opt.k, opt.bf16))
        top.push_back({std::move(items), opt.k, 0, 0});
    } else {
      T5Scorer scorer(*model, inputs, opt.bf16);
      top = beam_decode_items(decoding, scorer, item_ids, opt.k);
    }
    for (std::size_t i = 0; i < top.size(); ++i) {
      put(mine, static_cast<std::int64_t>(begin + i));
      put(mine, top[i].not_items);
      put(mine, top[i].repeats);
      put(mine, static_cast<std::int64_t>(top[i].items.size()));
      for (const auto& s : top[i].items) {
        put(mine, s.item);
        put(mine, s.score);
      }
    }
  }
  const std::vector<std::string> parts = comm.gather(mine, 0);
  if (comm.rank() != 0) return nlohmann::json::object();

  std::vector<std::vector<ScoredItem>> ranked(queries.size());
  std::int64_t not_items = 0, repeats = 0, short_queries = 0, items = 0;
  for (const auto& part : parts) {
    std::size_t pos = 0;
    while (pos < part.size()) {
      const auto q = take<std::int64_t>(part, pos);
      not_items += take<std::int64_t>(part, pos);
      repeats += take<std::int64_t>(part, pos);
      const auto count = take<std::int64_t>(part, pos);
      if (count < opt.k) ++short_queries;
      items += count;
      for (std::int64_t j = 0; j < count; ++j) {
        const auto item = take<std::int32_t>(part, pos);
        ranked[q].push_back({item, take<double>(part, pos)});
      }
    }
  }

  nlohmann::json summary = provenance("gensr-eval-summary", 1);
  summary["checkpoint"] = opt.checkpoint;
  summary["data"] = opt.data;
  summary["split"] = opt.split;
  summary["decoding"] = decoding_name(decoding);
  summary["ranks"] = comm.size();
  summary["distinct_items"] = {
      {"mean_per_query", queries.empty() ? 0.0 : static_cast<double>(items) / queries.size()},
      {"queries_with_fewer_than_k", short_queries},
      {"dropped_hypotheses_not_items", not_items},
      {"dropped_repeated_items", repeats}};
  return write_eval_report(opt.out, data, task, queries, ranked, static_cast<int>(opt.k),
                           std::move(summary));
}

}  // namespace gensr
