#define BOOST_TEST_MODULE movielens
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "data/movielens.h"
#include "support/temp_dir.h"
#include "util/error.h"

using namespace gensr;
using gensr::test::TempDir;
using gensr::test::write_text;
using Strings = std::vector<std::string>;

namespace {

// Files in the GroupLens layout with their quirks: CRLF movies.csv, quoted titles with commas
// and doubled quotes, "(no genres listed)", tags needing normalisation, non-ASCII tags, a tag
// with a comma, and a genome whose scores straddle the 0.8 default threshold.
struct Folder {
  TempDir dir;
  Folder() {
    write("movies.csv",
          "movieId,title,genres\r\n"
          "1,Toy Story (1995),Adventure|Animation|Children|Comedy\r\n"
          "11,\"American President, The (1995)\",Comedy|Drama|Romance\r\n"
          "5,\"Movie \"\"Quoted\"\" (2000)\",(no genres listed)\r\n"
          "7,Sci Fi Thing (2010),Sci-Fi|IMAX\r\n");
    write("ratings.csv",
          "userId,movieId,rating,timestamp\n"
          "1,1,4.0,964982703\n"
          "1,5,2.5,964981247\n"
          "1,11,4.5,964982224\n"
          "2,7,0.5,1445714835\n"
          "2,1,5.0,1445714000\n"
          "3,5,3.0,100\n");
    write("tags.csv",
          "userId,movieId,tag,timestamp\n"
          "1,1,  Pixar   Animation ,1\n"
          "2,11,\"politics, US\",2\n"
          "2,1,pixar animation,3\n"
          "3,5,ÉMIGRÉ Ünïcode,4\n"
          "3,7,comedy,5\n"
          "3,7,\"   \",6\n");
    write("genome-tags.csv", "tagId,tag\n1,Pixar animation\n2,space\n3,never relevant\n");
    write("genome-scores.csv",
          "movieId,tagId,relevance\n"
          "1,1,0.95\n1,2,0.10\n1,3,0.5\n"
          "11,1,0.02\n11,2,0.3\n11,3,0.1\n"
          "5,1,0.79999\n5,2,0.1\n5,3,0.2\n"
          "7,1,0.2\n7,2,0.8\n7,3,0.7\n");
  }
  void write(const std::string& name, const std::string& text) { write_text(dir / name, text); }
  void remove(const std::string& name) { std::filesystem::remove(dir / name); }
  Dataset convert(const MovieLensOptions& opt = {}) const {
    return convert_movielens(dir.path(), opt);
  }

  // The message of the InputError the conversion throws, without the folder.
  std::string error(const MovieLensOptions& opt = {}) const {
    try {
      convert(opt);
    } catch (const InputError& e) {
      BOOST_TEST(e.exit_code() == 2);
      return std::string(e.what()).substr(dir.path().size() + 1);
    }
    return "";
  }
};

Strings items(const Dataset& d) {
  Strings out;
  for (std::size_t i = 0; i < d.item_ids.size(); ++i)
    out.push_back(d.item_ids[i] + "|" + d.item_titles[i]);
  return out;
}

Strings interactions(const Dataset& d) {
  Strings out;
  for (const Interaction& x : d.interactions)
    out.push_back(d.user_ids[x.user] + ":" + d.item_ids[x.item] + "@" +
                  std::to_string(x.timestamp));
  return out;
}

// "id text -> item item ..." per query, qrels in file order.
Strings queries(const Dataset& d) {
  Strings out;
  for (const Query& q : d.queries) {
    BOOST_TEST((q.split == Split::kUnset));
    out.push_back(q.id + " " + q.text + " ->");
  }
  for (const Qrel& r : d.qrels) {
    BOOST_TEST(r.relevance == 1);
    out[r.query] += " " + d.item_ids[r.item];
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(items_are_the_movies_with_their_titles_in_file_order) {
  const Dataset d = Folder().convert();
  const Strings want = {"1|Toy Story (1995)", "11|American President, The (1995)",
                        "5|Movie \"Quoted\" (2000)", "7|Sci Fi Thing (2010)"};
  BOOST_TEST(items(d) == want);
}

BOOST_AUTO_TEST_CASE(histories_are_each_users_ratings_ordered_by_timestamp) {
  const Dataset d = Folder().convert();
  const Strings want = {"1:5@964981247",  "1:11@964982224", "1:1@964982703",
                        "2:1@1445714000", "2:7@1445714835", "3:5@100"};
  BOOST_TEST(interactions(d) == want);
  BOOST_TEST(d.user_ids == (Strings{"1", "2", "3"}));
}

BOOST_AUTO_TEST_CASE(min_rating_drops_lower_ratings) {
  MovieLensOptions opt;
  opt.min_rating = 3.0;
  const Dataset d = Folder().convert(opt);
  const Strings want = {"1:11@964982224", "1:1@964982703", "2:1@1445714000", "3:5@100"};
  BOOST_TEST(interactions(d) == want);
  BOOST_TEST(d.info["counts"]["ratings_below_min_rating"] == 2);
}

BOOST_AUTO_TEST_CASE(queries_merge_genres_tags_and_genome_tags_by_normalised_text) {
  const Dataset d = Folder().convert();
  // Genres first (movies.csv order, "(no genres listed)" skipped), then new user tags, then
  // new genome tags; "comedy" and "pixar animation" each come from two sources.
  const Strings want = {"q1 adventure -> 1",       "q2 animation -> 1",
                        "q3 children -> 1",        "q4 comedy -> 1 11 7",
                        "q5 drama -> 11",          "q6 romance -> 11",
                        "q7 sci-fi -> 7",          "q8 imax -> 7",
                        "q9 pixar animation -> 1", "q10 politics, us -> 11",
                        "q11 émigré ünïcode -> 5", "q12 space -> 7"};
  BOOST_TEST(queries(d) == want);
  BOOST_TEST(d.info["counts"]["tags_empty_after_normalising"] == 1);
  BOOST_TEST(d.info["counts"]["queries_dropped_too_few_items"] == 1);  // "never relevant"
}

BOOST_AUTO_TEST_CASE(genome_threshold_sets_which_genome_scores_count) {
  MovieLensOptions opt;
  opt.genres = false;
  opt.tags = false;
  opt.genome_threshold = 0.5;
  const Strings want = {"q1 pixar animation -> 1 5", "q2 space -> 7", "q3 never relevant -> 1 7"};
  BOOST_TEST(queries(Folder().convert(opt)) == want);
}

BOOST_AUTO_TEST_CASE(switches_turn_each_query_source_off) {
  MovieLensOptions opt;
  opt.genres = false;
  opt.genome = false;
  const Strings want = {"q1 pixar animation -> 1", "q2 politics, us -> 11",
                        "q3 émigré ünïcode -> 5", "q4 comedy -> 7"};
  BOOST_TEST(queries(Folder().convert(opt)) == want);
  opt.tags = false;
  BOOST_TEST(Folder().convert(opt).queries.empty());
}

BOOST_AUTO_TEST_CASE(queries_with_too_few_or_too_many_items_are_dropped) {
  MovieLensOptions opt;
  opt.min_query_items = 2;
  opt.max_query_items = 2;
  const Dataset d = Folder().convert(opt);
  BOOST_TEST(queries(d).empty());  // comedy has 3 movies, the rest 1
  opt.max_query_items = 3;
  BOOST_TEST(queries(Folder().convert(opt)) == (Strings{"q1 comedy -> 1 11 7"}));
}

BOOST_AUTO_TEST_CASE(missing_optional_files_mean_no_queries_from_them) {
  Folder f;
  f.remove("tags.csv");
  f.remove("genome-tags.csv");
  f.remove("genome-scores.csv");
  const Dataset d = f.convert();
  BOOST_TEST(d.queries.size() == 8u);  // the genres
  BOOST_TEST(d.info["counts"]["tags_file"] == false);
  BOOST_TEST(d.info["counts"]["genome_files"] == false);
}

BOOST_AUTO_TEST_CASE(one_genome_file_without_the_other_is_an_error) {
  Folder f;
  f.remove("genome-scores.csv");
  BOOST_TEST(f.error() ==
             "genome-scores.csv:0: file: missing; genome-tags.csv and genome-scores.csv come "
             "together (or pass --no-genome)");
  MovieLensOptions opt;
  opt.genome = false;
  BOOST_TEST(f.convert(opt).queries.size() == 11u);
}

BOOST_AUTO_TEST_CASE(dataset_info_records_the_converter_options_and_counts) {
  const Dataset d = Folder().convert();
  BOOST_TEST(d.info["name"] == "movielens");
  BOOST_TEST(d.info["converter"]["name"] == "gensr-data movielens");
  BOOST_TEST(d.info["converter"]["options"] == to_json(MovieLensOptions()));
  const auto& c = d.info["counts"];
  BOOST_TEST(c["movies"] == 4);
  BOOST_TEST(c["ratings_read"] == 6);
  BOOST_TEST(c["genome_scores_read"] == 12);
  BOOST_TEST(c["genome_scores_kept"] == 2);
  BOOST_TEST(c["queries"] == 12);
  BOOST_TEST(c["qrels"] == 14);
}

BOOST_AUTO_TEST_CASE(a_rating_of_an_unknown_movie_is_an_error) {
  Folder f;
  f.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,1\n1,99,4.0,2\n");
  BOOST_TEST(f.error() == "ratings.csv:3: movieId: unknown movieId 99 (not in movies.csv)");
}

BOOST_AUTO_TEST_CASE(a_tag_of_an_unknown_movie_is_an_error) {
  Folder f;
  f.write("tags.csv", "userId,movieId,tag,timestamp\n1,42,x,1\n");
  BOOST_TEST(f.error() == "tags.csv:2: movieId: unknown movieId 42 (not in movies.csv)");
}

BOOST_AUTO_TEST_CASE(a_missing_column_is_an_error) {
  Folder f;
  f.write("ratings.csv", "userId,movieId,timestamp\n1,1,1\n");
  BOOST_TEST(f.error() ==
             "ratings.csv:1: rating: missing column (the header is 'userId,movieId,timestamp')");
}

BOOST_AUTO_TEST_CASE(bad_numbers_are_errors) {
  Folder f;
  f.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,four,1\n");
  BOOST_TEST(f.error() == "ratings.csv:2: rating: bad number 'four'");
  f.write("ratings.csv", "userId,movieId,rating,timestamp\nu1,1,4,1\n");
  BOOST_TEST(f.error() == "ratings.csv:2: userId: bad integer 'u1'");
  f.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,1.5\n");
  BOOST_TEST(f.error() == "ratings.csv:2: timestamp: bad integer '1.5'");
}

BOOST_AUTO_TEST_CASE(a_genome_score_of_an_unknown_tag_is_an_error) {
  Folder f;
  f.write("genome-scores.csv", "movieId,tagId,relevance\n1,1,0.9\n1,4,0.9\n");
  BOOST_TEST(f.error() == "genome-scores.csv:3: tagId: unknown tagId 4 (not in genome-tags.csv)");
}

BOOST_AUTO_TEST_CASE(a_duplicate_movie_is_an_error) {
  Folder f;
  f.write("movies.csv", "movieId,title,genres\n1,A,Drama\n1,B,Drama\n");
  BOOST_TEST(f.error() == "movies.csv:3: movieId: duplicate movieId 1");
}

BOOST_AUTO_TEST_CASE(missing_ratings_file_is_an_error) {
  Folder f;
  f.remove("ratings.csv");
  const std::string e = f.error();
  BOOST_TEST(e.rfind("ratings.csv:0: file: cannot open", 0) == 0, e);
}
