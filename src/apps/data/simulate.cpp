#include <iostream>
#include <map>
#include <set>

#include "apps/data/commands.h"
#include "data/dataset.h"
#include "sim/sim1.h"
#include "sim/sim2.h"
#include "sim/sim3.h"
#include "util/error.h"
#include "util/options.h"

namespace gensr::data_cmd {

namespace {

// Sets `field` from option `name` when it was given; otherwise the kind's default stays.
template <class T>
void take(const po::variables_map& vm, const std::string& name, T& field) {
  if (vm.count(name)) field = vm[name].as<T>();
}

void reject_foreign(const po::variables_map& vm, const std::string& kind,
                    const std::set<std::string>& own) {
  static const std::set<std::string> kCommon = {"kind",   "seed", "out", "sample",
                                                "config", "help", "name"};
  for (const auto& [name, value] : vm)
    if (!value.defaulted() && !kCommon.count(name) && !own.count(name))
      throw UsageError("--" + name + " does not apply to --kind " + kind + " (see --help)");
}

}  // namespace

int simulate(const Args& args) {
  po::options_description desc("gensr-data simulate options (defaults in brackets per kind)");
  desc.add_options()("kind", po::value<std::string>()->required(), "sim1, sim2 or sim3")(
      "out", po::value<std::string>()->required(), "dataset folder to write")(
      "seed", po::value<std::uint64_t>()->default_value(42), "seed of every random draw")(
      "name", po::value<std::string>(), "dataset name in dataset.json [the kind]")(
      "sample", po::value<double>()->default_value(1.0),
      "fraction of users and of training queries kept (the paper's 1.0 / 0.65)")(
      "users", po::value<std::int32_t>(),
      "users [sim1 200, sim2 300, sim3 0 = as many "
      "training instances as search]")("history-length", po::value<std::int32_t>(),
                                       "interactions per user [sim1/sim2 10, sim3 5]")(
      "query-words", po::value<std::int32_t>(), "words of a random query text [4] (sim1, sim2)")(
      "items", po::value<std::int32_t>(), "sim1: items [50]")(
      "zipf-exponent", po::value<double>(), "sim1: Zipf exponent of the popularity [1.0]")(
      "shuffle-steps", po::value<std::int32_t>(),
      "sim1: random swaps of two items' search probabilities [0]")(
      "train-queries", po::value<std::int32_t>(),
      "sim1: training queries [0 = as many as rec training instances]")(
      "query-text", po::value<std::string>(),
      "sim1: random (pseudo-words per query) or generic (one text for all) [random]")(
      "clusters", po::value<std::int32_t>(), "sim2: clusters [5]")(
      "cluster-size", po::value<std::int32_t>(), "sim2: items per cluster [6]")(
      "query-match", po::value<double>(),
      "sim2: share of an item's queries that carry its cluster's text, 0..1 [1.0]")(
      "train-queries-per-item", po::value<std::int32_t>(),
      "sim2: training queries per item [0 = as many as rec training instances]")(
      "topics", po::value<std::int32_t>(), "sim3: topics, at most 10 [10]")(
      "items-per-topic", po::value<std::int32_t>(), "sim3: relevant items per topic [5]")(
      "pairs-in-qrels", po::value<double>(),
      "sim3: share of users' item pairs relevant together to a query, 0..1 [1.0]");
  po::variables_map vm;
  if (!parse_options(args, desc,
                     "usage: gensr-data simulate --kind sim1|sim2|sim3 --out DIR [options]", vm))
    return 0;

  const std::string kind = vm["kind"].as<std::string>();
  const auto seed = vm["seed"].as<std::uint64_t>();
  const double sample = vm["sample"].as<double>();
  Dataset d;
  if (kind == "sim1") {
    reject_foreign(vm, kind,
                   {"users", "history-length", "query-words", "items", "zipf-exponent",
                    "shuffle-steps", "train-queries", "query-text"});
    sim::Sim1Options o;
    o.seed = seed;
    o.sample = sample;
    take(vm, "users", o.users);
    take(vm, "history-length", o.history_length);
    take(vm, "query-words", o.query_words);
    take(vm, "items", o.items);
    take(vm, "zipf-exponent", o.zipf_exponent);
    take(vm, "shuffle-steps", o.shuffle_steps);
    take(vm, "train-queries", o.train_queries);
    std::string text = "random";
    take(vm, "query-text", text);
    if (text != "random" && text != "generic")
      throw UsageError("--query-text must be random or generic, got '" + text + "'");
    o.generic_query_text = text == "generic";
    d = sim::simulate_sim1(o);
  } else if (kind == "sim2") {
    reject_foreign(vm, kind,
                   {"users", "history-length", "query-words", "clusters", "cluster-size",
                    "query-match", "train-queries-per-item"});
    sim::Sim2Options o;
    o.seed = seed;
    o.sample = sample;
    take(vm, "users", o.users);
    take(vm, "history-length", o.history_length);
    take(vm, "query-words", o.query_words);
    take(vm, "clusters", o.clusters);
    take(vm, "cluster-size", o.cluster_size);
    take(vm, "query-match", o.query_match);
    take(vm, "train-queries-per-item", o.train_queries_per_item);
    d = sim::simulate_sim2(o);
  } else if (kind == "sim3") {
    reject_foreign(vm, kind,
                   {"users", "history-length", "topics", "items-per-topic", "pairs-in-qrels"});
    sim::Sim3Options o;
    o.seed = seed;
    o.sample = sample;
    take(vm, "users", o.users);
    take(vm, "history-length", o.history_length);
    take(vm, "topics", o.topics);
    take(vm, "items-per-topic", o.items_per_topic);
    take(vm, "pairs-in-qrels", o.pairs_in_qrels);
    d = sim::simulate_sim3(o);
  } else {
    throw UsageError("--kind must be sim1, sim2 or sim3, got '" + kind + "'");
  }
  if (vm.count("name")) d.info["name"] = vm["name"].as<std::string>();
  // Where the files go is no property of the dataset, and would make two runs differ.
  nlohmann::json options = options_to_json(vm);
  options.erase("out");
  d.info["options"] = options;

  const std::string out = vm["out"].as<std::string>();
  write_dataset(out, d);
  std::cout << "simulated " << kind << " into " << out << "\n"
            << nlohmann::json{{"counts", d.info["counts"]}, {"realized", d.info["realized"]}}.dump(
                   2)
            << std::endl;
  return 0;
}

}  // namespace gensr::data_cmd
