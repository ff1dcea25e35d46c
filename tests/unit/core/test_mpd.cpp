#define BOOST_TEST_MODULE mpd
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "data/mpd.h"
#include "support/temp_dir.h"
#include "util/error.h"

using namespace gensr;
using gensr::test::TempDir;
using gensr::test::write_text;
using Strings = std::vector<std::string>;

namespace {

// A track object as the MPD writes it (all fields, `pos` first).
std::string track(int pos, const std::string& id, const std::string& name = "Song",
                  const std::string& artist = "Band") {
  return R"({"pos": )" + std::to_string(pos) + R"(, "artist_name": ")" + artist +
         R"(", "track_uri": "spotify:track:)" + id +
         R"(", "artist_uri": "spotify:artist:x", "track_name": ")" + name +
         R"(", "album_uri": "spotify:album:y", "duration_ms": 1000, "album_name": "LP"})";
}

// A full playlist object; `extra` adds e.g. a description.
std::string playlist(const std::string& name, int pid, const Strings& tracks,
                     const std::string& extra = "") {
  std::string t;
  for (const auto& s : tracks) t += (t.empty() ? "\n      " : ",\n      ") + s;
  return R"({"name": ")" + name + R"(", "collaborative": "false", "pid": )" + std::to_string(pid) +
         R"(, "modified_at": 1493424000, "num_tracks": )" + std::to_string(tracks.size()) +
         R"(, "num_albums": 1, "num_followers": 1,)" + extra + "\n    \"tracks\": [" + t + "],\n" +
         R"(    "num_edits": 2, "duration_ms": 1000, "num_artists": 1})";
}

std::string slice(const std::string& range, const Strings& playlists) {
  std::string p;
  for (const auto& s : playlists) p += (p.empty() ? "\n    " : ",\n    ") + s;
  return "{\n  \"info\": {\"generated_on\": \"2017-12-03 08:41:42.057563\", \"slice\": \"" + range +
         "\", \"version\": \"v1\"},\n  \"playlists\": [" + p + "\n  ]\n}\n";
}

struct Folder {
  TempDir dir;
  Folder() { std::filesystem::create_directories(dir / "data"); }
  void write(const std::string& name, const std::string& text) const {
    write_text(dir / ("data/" + name), text);
  }
  Dataset convert(const MpdOptions& opt = {}) const { return convert_mpd(dir.path(), opt); }
  std::string error(const MpdOptions& opt = {}) const {
    try {
      convert(opt);
    } catch (const InputError& e) {
      BOOST_TEST(e.exit_code() == 2);
      return std::string(e.what()).substr(dir.path().size() + 1);
    }
    return "";
  }
};

Strings histories(const Dataset& d) {
  Strings out;
  for (const Interaction& x : d.interactions)
    out.push_back(d.user_ids[x.user] + ":" + d.item_ids[x.item].substr(14) + "@" +
                  std::to_string(x.timestamp));
  return out;
}

Strings queries(const Dataset& d) {
  Strings out;
  for (const Query& q : d.queries) out.push_back(q.id + " " + q.text + " ->");
  for (const Qrel& r : d.qrels) out[r.query] += " " + d.item_ids[r.item].substr(14);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(playlists_become_histories_ordered_by_pos) {
  Folder f;
  f.write("mpd.slice.0-999.json",
          slice("0-999", {playlist("Road Trip", 0, {track(1, "b"), track(0, "a"), track(2, "c")},
                                   R"( "description": "for the car",)")}));
  const Dataset d = f.convert();
  BOOST_TEST(histories(d) == (Strings{"0:a@0", "0:b@1", "0:c@2"}));
  BOOST_TEST(d.item_ids == (Strings{"spotify:track:a", "spotify:track:b", "spotify:track:c"}));
  BOOST_TEST(d.item_titles == (Strings{"Song - Band", "Song - Band", "Song - Band"}));
}

BOOST_AUTO_TEST_CASE(list_order_and_file_index_stand_in_for_missing_pos_and_pid) {
  Folder f;
  f.write("mpd.slice.0-999.json",
          R"({"playlists": [{"name": "x", "tracks": [{"track_uri": "spotify:track:q"}]},)"
          "\n"
          R"({"name": "y", "tracks": [{"track_uri": "spotify:track:b", "track_name": "Bee"},)"
          R"( {"track_uri": "spotify:track:a"}]}]})");
  const Dataset d = f.convert();
  BOOST_TEST(histories(d) == (Strings{"mpd.slice.0-999.json:0:q@0", "mpd.slice.0-999.json:1:b@0",
                                      "mpd.slice.0-999.json:1:a@1"}));
  BOOST_TEST(d.item_titles == (Strings{"", "Bee", ""}));
}

BOOST_AUTO_TEST_CASE(slices_are_read_in_order_of_their_start_number) {
  Folder f;
  f.write("mpd.slice.1000-1999.json", slice("1000-1999", {playlist("c", 1000, {track(0, "c")})}));
  f.write("mpd.slice.200-299.json", slice("200-299", {playlist("b", 200, {track(0, "b")})}));
  f.write("mpd.slice.0-199.json", slice("0-199", {playlist("a", 0, {track(0, "a")})}));
  BOOST_TEST(histories(f.convert()) == (Strings{"0:a@0", "200:b@0", "1000:c@0"}));
  BOOST_TEST(mpd_slice_files(f.dir.path()).size() == 3u);
}

BOOST_AUTO_TEST_CASE(slices_may_sit_directly_in_the_input_folder) {
  TempDir dir;
  write_text(dir / "mpd.slice.0-999.json", slice("0-999", {playlist("a", 5, {track(0, "a")})}));
  BOOST_TEST(histories(convert_mpd(dir.path(), {})) == (Strings{"5:a@0"}));
}

BOOST_AUTO_TEST_CASE(normalised_titles_are_queries_relevant_to_all_their_playlists_tracks) {
  Folder f;
  f.write("mpd.slice.0-999.json",
          slice("0-999", {playlist("Road  Trip", 0, {track(0, "a"), track(1, "b")}),
                          playlist("road trip 🚗", 1, {track(0, "c")}),
                          playlist(" ROAD\\tTRIP ", 2, {track(0, "b"), track(1, "d")}),
                          playlist("Chill", 3, {track(0, "a")})}));
  const Strings want = {"q1 road trip -> a b d", "q2 road trip 🚗 -> c", "q3 chill -> a"};
  BOOST_TEST(queries(f.convert()) == want);
}

BOOST_AUTO_TEST_CASE(min_item_count_drops_rare_tracks_with_their_qrels_and_empty_playlists) {
  Folder f;
  f.write("mpd.slice.0-999.json",
          slice("0-999", {playlist("one", 0, {track(0, "a"), track(1, "rare"), track(2, "b")}),
                          playlist("two", 1, {track(0, "b"), track(1, "a")}),
                          playlist("three", 2, {track(0, "lonely")})}));
  MpdOptions opt;
  opt.min_item_count = 2;
  const Dataset d = f.convert(opt);
  BOOST_TEST(d.item_ids == (Strings{"spotify:track:a", "spotify:track:b"}));
  // Timestamps stay the playlist positions, so the gap where "rare" was remains.
  BOOST_TEST(histories(d) == (Strings{"0:a@0", "0:b@2", "1:b@0", "1:a@1"}));
  BOOST_TEST(queries(d) == (Strings{"q1 one -> a b", "q2 two -> a b"}));
  BOOST_TEST(d.info["counts"]["items_before_min_item_count"] == 4);
  BOOST_TEST(d.info["counts"]["queries_without_kept_items"] == 1);
}

BOOST_AUTO_TEST_CASE(sampling_is_seeded_and_keeps_whole_playlists) {
  Folder f;
  Strings playlists;
  for (int pid = 0; pid < 40; ++pid)
    playlists.push_back(playlist("p" + std::to_string(pid), pid, {track(0, "a"), track(1, "b")}));
  f.write("mpd.slice.0-999.json", slice("0-999", playlists));
  MpdOptions opt;
  opt.sample_playlists = 0.5;
  const Dataset a = f.convert(opt), again = f.convert(opt);
  opt.seed = 7;
  const Dataset other = f.convert(opt);
  BOOST_TEST(a.user_ids == again.user_ids);
  BOOST_TEST(a.user_ids != other.user_ids);
  BOOST_TEST(a.interactions.size() == 2 * a.user_ids.size());
  BOOST_TEST(a.queries.size() == a.user_ids.size());
  BOOST_TEST((a.user_ids.size() > 0 && a.user_ids.size() < 40));
  BOOST_TEST(a.info["counts"]["playlists_read"] == 40);
  BOOST_TEST(a.info["counts"]["playlists_sampled"] == a.user_ids.size());
}

BOOST_AUTO_TEST_CASE(dataset_info_records_the_converter_and_its_options) {
  Folder f;
  f.write("mpd.slice.0-999.json", slice("0-999", {playlist("a", 0, {track(0, "a")})}));
  const Dataset d = f.convert();
  BOOST_TEST(d.info["converter"]["name"] == "gensr-data mpd");
  BOOST_TEST(d.info["converter"]["options"] == to_json(MpdOptions()));
  BOOST_TEST(d.info["counts"]["files"] == 1);
  BOOST_TEST(d.info["counts"]["tracks_read"] == 1);
}

BOOST_AUTO_TEST_CASE(a_playlist_without_a_name_is_an_error_naming_file_line_and_index) {
  Folder f;
  f.write("mpd.slice.0-999.json", "{\"playlists\": [\n" + playlist("a", 0, {track(0, "a")}) +
                                      ",\n  {\"pid\": 1, \"tracks\": []}]}");
  BOOST_TEST(f.error() == "data/mpd.slice.0-999.json:6: playlists[1].name: missing");
}

BOOST_AUTO_TEST_CASE(a_track_without_a_uri_is_an_error) {
  Folder f;
  f.write("mpd.slice.0-999.json",
          "{\"playlists\": [{\"name\": \"a\", \"tracks\": [\n{\"track_uri\": \"spotify:track:a\"},"
          "\n{\"pos\": 1, \"track_name\": \"x\"}]}]}");
  BOOST_TEST(f.error() == "data/mpd.slice.0-999.json:3: playlists[0].tracks[1].track_uri: missing");
}

BOOST_AUTO_TEST_CASE(malformed_json_is_an_error_with_its_line) {
  Folder f;
  f.write("mpd.slice.0-999.json", "{\"playlists\": [\n{\"name\": \"a\"\n \"tracks\": []}]}");
  const std::string e = f.error();
  BOOST_TEST(e.rfind("data/mpd.slice.0-999.json:3: playlists[0]: parse error at line 3", 0) == 0,
             e);
}

BOOST_AUTO_TEST_CASE(fields_of_the_wrong_type_are_errors) {
  Folder f;
  f.write("mpd.slice.0-999.json", R"({"playlists": [{"name": 5, "tracks": []}]})");
  BOOST_TEST(f.error() ==
             "data/mpd.slice.0-999.json:1: playlists[0].name: expected a string, found an integer");
  f.write("mpd.slice.0-999.json",
          R"({"playlists": [{"name": "a", "tracks": [{"pos": "1", "track_uri": "u"}]}]})");
  BOOST_TEST(f.error() ==
             "data/mpd.slice.0-999.json:1: playlists[0].tracks[0].pos: expected an integer, "
             "found a string");
  f.write("mpd.slice.0-999.json", R"({"info": {}, "playlists": {}})");
  BOOST_TEST(f.error() ==
             "data/mpd.slice.0-999.json:1: playlists: expected an array, found an object");
}

BOOST_AUTO_TEST_CASE(a_slice_without_playlists_is_an_error) {
  Folder f;
  f.write("mpd.slice.0-999.json", R"({"info": {"slice": "0-999"}})");
  BOOST_TEST(f.error() == "data/mpd.slice.0-999.json:1: playlists: missing");
}

BOOST_AUTO_TEST_CASE(a_duplicate_pid_is_an_error) {
  Folder f;
  f.write("mpd.slice.0-999.json",
          slice("0-999", {playlist("a", 3, {track(0, "a")}), playlist("b", 3, {track(0, "b")})}));
  const std::string e = f.error();
  BOOST_TEST(e.find("playlists[1].pid: duplicate pid 3") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(a_folder_without_slices_is_an_error) {
  Folder f;
  try {
    f.convert();
    BOOST_FAIL("no error");
  } catch (const InputError& e) {
    BOOST_TEST(e.file() == f.dir.path());
    BOOST_TEST(e.problem() == "no mpd.slice.*.json files in it or in its data/ folder");
  }
}
