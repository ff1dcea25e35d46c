#include <iostream>

#include "apps/data/commands.h"
#include "data/movielens.h"
#include "util/options.h"

namespace gensr::data_cmd {

int movielens(const Args& args) {
  MovieLensOptions opt;
  po::options_description desc("gensr-data movielens options");
  desc.add_options()("input", po::value<std::string>()->required(),
                     "folder with ratings.csv, movies.csv (tags.csv, genome-*.csv optional)")(
      "out", po::value<std::string>()->required(), "dataset folder to write")(
      "min-rating", po::value<double>(&opt.min_rating)->default_value(0.0),
      "ratings below this are not interactions")(
      "genome-threshold", po::value<double>(&opt.genome_threshold)->default_value(0.8),
      "genome relevance at which a genome tag is relevant to a movie")(
      "min-query-items", po::value<int>(&opt.min_query_items)->default_value(1),
      "queries with fewer relevant movies are dropped")(
      "max-query-items", po::value<int>(&opt.max_query_items)->default_value(0),
      "queries with more relevant movies are dropped (0: no limit)")("no-genres", po::bool_switch(),
                                                                     "no queries from genres")(
      "no-tags", po::bool_switch(), "no queries from tags.csv")("no-genome", po::bool_switch(),
                                                                "no queries from the tag genome");
  po::variables_map vm;
  if (!parse_options(args, desc, "usage: gensr-data movielens --input DIR --out DIR [options]", vm))
    return 0;
  opt.genres = !vm["no-genres"].as<bool>();
  opt.tags = !vm["no-tags"].as<bool>();
  opt.genome = !vm["no-genome"].as<bool>();
  const std::string out = vm["out"].as<std::string>();
  Dataset d = convert_movielens(vm["input"].as<std::string>(), opt);
  d.info["converter"]["command_options"] = options_to_json(vm);
  write_dataset(out, d);
  std::cout << "wrote " << out << ": " << d.item_ids.size() << " movies, " << d.user_ids.size()
            << " users, " << d.interactions.size() << " interactions, " << d.queries.size()
            << " queries, " << d.qrels.size() << " qrels" << std::endl;
  return 0;
}

}  // namespace gensr::data_cmd
