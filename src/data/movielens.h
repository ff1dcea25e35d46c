#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "data/dataset.h"

namespace gensr {

// How `gensr-data movielens` turns the GroupLens CSV files into the dataset layout
// (datasets/movielens.md has the full description and the reasons for each choice).
struct MovieLensOptions {
  double min_rating = 0.0;        // ratings below this are not interactions
  double genome_threshold = 0.8;  // a genome tag is relevant to a movie at this relevance
  int min_query_items = 1;        // queries with fewer relevant movies are dropped (>= 1)
  int max_query_items = 0;        // ... and with more (0: no limit)
  bool genres = true;             // queries from movies.csv genres
  bool tags = true;               // queries from tags.csv
  bool genome = true;             // queries from genome-tags.csv + genome-scores.csv
};

nlohmann::json to_json(const MovieLensOptions& o);

// Converts the folder holding ratings.csv and movies.csv (tags.csv, genome-tags.csv and
// genome-scores.csv when present). Items are the movies (id = movieId, title = title);
// histories are each user's ratings >= min_rating; queries are the normalised genres, user
// tags and genome tags, merged by text, each relevant to the movies carrying it. The files are
// streamed record by record: memory holds only the kept interactions, movies and qrels.
// Malformed input throws InputError `file:line: column: problem`.
Dataset convert_movielens(const std::string& dir, const MovieLensOptions& opt);

}  // namespace gensr
