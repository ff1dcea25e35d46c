#include "data/movielens.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include "data/csv.h"
#include "data/normalise.h"
#include "data/query_set.h"
#include "data/tsv.h"
#include "util/error.h"

namespace gensr {

namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMinTime = std::numeric_limits<std::int64_t>::min();
const char* kNoGenres = "(no genres listed)";

using IdMap = std::unordered_map<std::int64_t, std::int32_t>;

bool exists(const std::string& path) { return std::filesystem::exists(path); }

struct Counts {
  std::size_t ratings_read = 0, ratings_below_min = 0;
  std::size_t genre_queries = 0, tags_read = 0, tags_empty = 0, tag_queries = 0;
  std::size_t genome_tags = 0, genome_scores_read = 0, genome_scores_kept = 0;
  bool genome_present = false, tags_present = false;
};

// movies.csv: the items, and their genres as queries.
IdMap read_movies(const std::string& path, const MovieLensOptions& opt, Dataset& d,
                  QuerySet& queries, Counts& counts) {
  CsvReader r(path);
  const std::size_t id_col = r.column("movieId"), title_col = r.column("title");
  const std::size_t genres_col = r.column("genres");
  IdMap movies;
  std::vector<char> seen_genre;  // by query index: counted as a genre query already
  while (r.next()) {
    const std::int64_t id = r.integer(id_col, 0, kMaxId);
    if (!movies.emplace(id, static_cast<std::int32_t>(d.item_ids.size())).second)
      r.fail(id_col, "duplicate movieId " + std::to_string(id));
    const std::int32_t item =
        d.add_item(std::to_string(id), collapse_whitespace(r.field(title_col)));
    if (!opt.genres) continue;
    std::string_view genres = r.field(genres_col);
    while (!genres.empty()) {
      const std::size_t bar = genres.find('|');
      const std::string_view genre = genres.substr(0, bar);
      genres = bar == std::string_view::npos ? std::string_view() : genres.substr(bar + 1);
      const std::string text = normalise_query(genre);
      if (text.empty() || text == kNoGenres) continue;
      const std::int32_t q = queries.intern(text);
      if (static_cast<std::size_t>(q) >= seen_genre.size()) seen_genre.resize(q + 1, 0);
      if (!seen_genre[q]) ++counts.genre_queries;
      seen_genre[q] = 1;
      queries.add(q, item);
    }
  }
  return movies;
}

std::int32_t movie_of(const CsvReader& r, std::size_t col, const IdMap& movies) {
  const std::int64_t id = r.integer(col, 0, kMaxId);
  const auto it = movies.find(id);
  if (it == movies.end())
    r.fail(col, "unknown movieId " + std::to_string(id) + " (not in movies.csv)");
  return it->second;
}

// ratings.csv: the histories. Users get dense indices in first-seen order.
void read_ratings(const std::string& path, const MovieLensOptions& opt, const IdMap& movies,
                  Dataset& d, Counts& counts) {
  CsvReader r(path);
  const std::size_t user_col = r.column("userId"), movie_col = r.column("movieId");
  const std::size_t rating_col = r.column("rating"), time_col = r.column("timestamp");
  IdMap users;
  while (r.next()) {
    ++counts.ratings_read;
    const std::int64_t user = r.integer(user_col, 0, kMaxId);
    const std::int32_t item = movie_of(r, movie_col, movies);
    const double rating = r.number(rating_col);
    const std::int64_t timestamp = r.integer(time_col, kMinTime, kMaxId);
    if (rating < opt.min_rating) {
      ++counts.ratings_below_min;
      continue;
    }
    const auto [it, inserted] = users.emplace(user, static_cast<std::int32_t>(d.user_ids.size()));
    if (inserted) d.user_ids.push_back(std::to_string(user));
    d.interactions.push_back({it->second, item, timestamp});
  }
  // ratings.csv groups each user's ratings (ordered by movie); ordering each group by time
  // makes interactions.tsv read as histories. The sort is per group, so it needs no copy of
  // the whole table, and stable, so ties keep their file order as the layout requires.
  auto begin = d.interactions.begin();
  while (begin != d.interactions.end()) {
    const std::int32_t user = begin->user;
    const auto end = std::find_if(begin, d.interactions.end(),
                                  [user](const Interaction& x) { return x.user != user; });
    std::stable_sort(begin, end, [](const Interaction& a, const Interaction& b) {
      return a.timestamp < b.timestamp;
    });
    begin = end;
  }
}

// tags.csv: one query per distinct normalised tag, relevant to every movie tagged with it.
void read_tags(const std::string& path, const IdMap& movies, QuerySet& queries, Counts& counts) {
  CsvReader r(path);
  const std::size_t movie_col = r.column("movieId"), tag_col = r.column("tag");
  const std::size_t before = queries.size();
  while (r.next()) {
    ++counts.tags_read;
    const std::int32_t item = movie_of(r, movie_col, movies);
    const std::string text = normalise_query(r.field(tag_col));
    if (text.empty()) {
      ++counts.tags_empty;
      continue;
    }
    queries.add(queries.intern(text), item);
  }
  counts.tag_queries = queries.size() - before;
}

// genome-tags.csv then genome-scores.csv, the latter filtered while streaming (15.6M rows).
void read_genome(const std::string& tags_path, const std::string& scores_path,
                 const MovieLensOptions& opt, const IdMap& movies, QuerySet& queries,
                 Counts& counts) {
  IdMap tag_query;  // tagId -> query index, -1 for a tag that normalises to nothing
  {
    CsvReader r(tags_path);
    const std::size_t id_col = r.column("tagId"), tag_col = r.column("tag");
    while (r.next()) {
      const std::int64_t id = r.integer(id_col, 0, kMaxId);
      const std::string text = normalise_query(r.field(tag_col));
      if (!tag_query.emplace(id, text.empty() ? -1 : queries.intern(text)).second)
        r.fail(id_col, "duplicate tagId " + std::to_string(id));
      ++counts.genome_tags;
    }
  }
  CsvReader r(scores_path);
  const std::size_t movie_col = r.column("movieId"), tag_col = r.column("tagId");
  const std::size_t relevance_col = r.column("relevance");
  while (r.next()) {
    ++counts.genome_scores_read;
    const std::int32_t item = movie_of(r, movie_col, movies);
    const std::int64_t tag = r.integer(tag_col, 0, kMaxId);
    const auto it = tag_query.find(tag);
    if (it == tag_query.end())
      r.fail(tag_col, "unknown tagId " + std::to_string(tag) + " (not in genome-tags.csv)");
    const double relevance = r.number(relevance_col);
    if (relevance >= opt.genome_threshold && it->second >= 0) {
      queries.add(it->second, item);
      ++counts.genome_scores_kept;
    }
  }
}

}  // namespace

nlohmann::json to_json(const MovieLensOptions& o) {
  return {{"min_rating", o.min_rating},
          {"genome_threshold", o.genome_threshold},
          {"min_query_items", o.min_query_items},
          {"max_query_items", o.max_query_items},
          {"genres", o.genres},
          {"tags", o.tags},
          {"genome", o.genome}};
}

Dataset convert_movielens(const std::string& dir, const MovieLensOptions& opt) {
  if (opt.min_query_items < 1) throw UsageError("--min-query-items must be at least 1");
  if (opt.max_query_items < 0) throw UsageError("--max-query-items must be >= 0 (0: no limit)");
  if (!std::filesystem::is_directory(dir)) throw InputError(dir, 0, "input", "not a directory");
  Dataset d;
  QuerySet queries;
  Counts counts;
  const IdMap movies = read_movies(dir + "/movies.csv", opt, d, queries, counts);
  read_ratings(dir + "/ratings.csv", opt, movies, d, counts);

  const std::string tags = dir + "/tags.csv";
  counts.tags_present = exists(tags);
  if (opt.tags && counts.tags_present) read_tags(tags, movies, queries, counts);

  const std::string genome_tags = dir + "/genome-tags.csv";
  const std::string genome_scores = dir + "/genome-scores.csv";
  const bool has_tags = exists(genome_tags), has_scores = exists(genome_scores);
  counts.genome_present = has_tags && has_scores;
  if (opt.genome && has_tags != has_scores)
    throw InputError(has_tags ? genome_scores : genome_tags, 0, "file",
                     "missing; genome-tags.csv and genome-scores.csv come together "
                     "(or pass --no-genome)");
  if (opt.genome && counts.genome_present)
    read_genome(genome_tags, genome_scores, opt, movies, queries, counts);

  const std::size_t candidates = queries.size();
  const QuerySet::Kept kept = queries.write_to(d, opt.min_query_items, opt.max_query_items);

  d.info = {{"name", "movielens"},
            {"source", std::filesystem::absolute(dir).lexically_normal().string()},
            {"converter", {{"name", "gensr-data movielens"}, {"options", to_json(opt)}}},
            {"counts",
             {{"movies", d.item_ids.size()},
              {"users", d.user_ids.size()},
              {"ratings_read", counts.ratings_read},
              {"ratings_below_min_rating", counts.ratings_below_min},
              {"interactions", d.interactions.size()},
              {"tags_file", counts.tags_present},
              {"tags_read", counts.tags_read},
              {"tags_empty_after_normalising", counts.tags_empty},
              {"genome_files", counts.genome_present},
              {"genome_tags", counts.genome_tags},
              {"genome_scores_read", counts.genome_scores_read},
              {"genome_scores_kept", counts.genome_scores_kept},
              {"query_texts_from_genres", counts.genre_queries},
              {"query_texts_new_from_tags", counts.tag_queries},
              {"query_texts", candidates},
              {"queries_dropped_too_few_items", kept.too_few},
              {"queries_dropped_too_many_items", kept.too_many},
              {"queries", kept.queries},
              {"qrels", kept.qrels}}}};
  return d;
}

}  // namespace gensr
