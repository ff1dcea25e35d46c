#define BOOST_TEST_MODULE converters
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/run.h"
#include "support/temp_dir.h"

using gensr::test::program;
using gensr::test::read_text;
using gensr::test::run_command;
using gensr::test::TempDir;
using gensr::test::write_text;

namespace {

void write_movielens(const TempDir& dir) {
  write_text(dir / "movies.csv",
             "movieId,title,genres\r\n1,Toy Story (1995),Animation|Comedy\r\n"
             "11,\"American President, The (1995)\",Comedy|Romance\r\n"
             "5,\"Movie \"\"Quoted\"\" (2000)\",(no genres listed)\r\n");
  write_text(dir / "ratings.csv",
             "userId,movieId,rating,timestamp\n1,1,4.0,30\n1,11,3.0,10\n1,5,5.0,20\n"
             "2,5,1.0,5\n2,1,4.5,6\n");
  write_text(dir / "tags.csv", "userId,movieId,tag,timestamp\n1,5,Château  Noir,1\n");
}

void write_mpd(const TempDir& dir) {
  std::filesystem::create_directories(dir / "data");
  write_text(
      dir / "data/mpd.slice.0-999.json",
      R"({"info": {"slice": "0-999"}, "playlists": [)"
      "\n"
      R"({"name": "Gym 💪", "pid": 0, "tracks": [{"pos": 1, "track_uri": "spotify:track:b"},)"
      "\n"
      R"({"pos": 0, "track_uri": "spotify:track:a"}]},)"
      "\n"
      R"({"name": "gym   💪", "pid": 1, "tracks": [{"pos": 0, "track_uri": "spotify:track:c"}]}]})");
}

std::string data(const std::string& args) { return program("gensr-data") + " " + args + " 2>&1"; }

}  // namespace

BOOST_AUTO_TEST_CASE(movielens_writes_a_folder_that_validates) {
  TempDir in, out;
  write_movielens(in);
  const auto r = run_command(data("movielens --input " + in.path() + " --out " + out.path()));
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  BOOST_TEST(read_text(out / "items.tsv") ==
             "item_id\ttitle\n1\tToy Story (1995)\n11\tAmerican President, The (1995)\n"
             "5\tMovie \"Quoted\" (2000)\n");
  BOOST_TEST(read_text(out / "interactions.tsv") ==
             "user_id\titem_id\ttimestamp\n1\t11\t10\n1\t5\t20\n1\t1\t30\n2\t5\t5\n2\t1\t6\n");
  BOOST_TEST(read_text(out / "queries.tsv") ==
             "query_id\ttext\tsplit\nq1\tanimation\t\nq2\tcomedy\t\nq3\tromance\t\n"
             "q4\tchâteau noir\t\n");
  BOOST_TEST(read_text(out / "qrels.tsv") ==
             "query_id\titem_id\trelevance\nq1\t1\t1\nq2\t1\t1\nq2\t11\t1\nq3\t11\t1\nq4\t5\t1\n");
  const auto info = nlohmann::json::parse(read_text(out / "dataset.json"));
  BOOST_TEST(info["converter"]["command_options"]["genome-threshold"] == 0.8);
  BOOST_TEST(info["counts"]["ratings_read"] == 5);
  const auto v = run_command(program("gensr-data") + " validate --data " + out.path() + " 2>&1");
  BOOST_TEST(v.exit_code == 0, v.output);
}

BOOST_AUTO_TEST_CASE(movielens_reports_bad_input_by_file_and_line_with_exit_2) {
  TempDir in, out;
  write_movielens(in);
  write_text(in / "ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,30\n1,99,3.0,10\n");
  const auto r = run_command(data("movielens --input " + in.path() + " --out " + out.path()));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(
      r.output.find(in.path() + "/ratings.csv:3: movieId: unknown movieId 99") != std::string::npos,
      r.output);
  BOOST_TEST(!std::filesystem::exists(out / "items.tsv"));
}

BOOST_AUTO_TEST_CASE(mpd_writes_a_folder_that_validates) {
  TempDir in, out;
  write_mpd(in);
  const auto r = run_command(data("mpd --input " + in.path() + " --out " + out.path()));
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  BOOST_TEST(read_text(out / "interactions.tsv") ==
             "user_id\titem_id\ttimestamp\n0\tspotify:track:a\t0\n0\tspotify:track:b\t1\n"
             "1\tspotify:track:c\t0\n");
  BOOST_TEST(read_text(out / "queries.tsv") == "query_id\ttext\tsplit\nq1\tgym 💪\t\n");
  BOOST_TEST(read_text(out / "qrels.tsv") ==
             "query_id\titem_id\trelevance\nq1\tspotify:track:a\t1\nq1\tspotify:track:b\t1\n"
             "q1\tspotify:track:c\t1\n");
  const auto v = run_command(program("gensr-data") + " validate --data " + out.path() + " 2>&1");
  BOOST_TEST(v.exit_code == 0, v.output);
}

BOOST_AUTO_TEST_CASE(mpd_reports_a_missing_name_by_file_line_and_playlist_with_exit_2) {
  TempDir in, out;
  write_mpd(in);
  write_text(in / "data/mpd.slice.1000-1999.json",
             "{\"playlists\": [\n{\"pid\": 1000, \"tracks\": []}]}");
  const auto r = run_command(data("mpd --input " + in.path() + " --out " + out.path()));
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(
      r.output.find("mpd.slice.1000-1999.json:2: playlists[0].name: missing") != std::string::npos,
      r.output);
}

BOOST_AUTO_TEST_CASE(bad_options_exit_2) {
  TempDir in, out;
  write_mpd(in);
  const auto r = run_command(
      data("mpd --input " + in.path() + " --out " + out.path() + " --sample-playlists 0"));
  BOOST_TEST(r.exit_code == 2, r.output);
}
