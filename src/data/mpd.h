#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace gensr {

// How `gensr-data mpd` turns Million Playlist Dataset slices into the dataset layout
// (datasets/mpd.md has the full description and the settings near the paper's sizes).
struct MpdOptions {
  double sample_playlists = 1.0;  // fraction of playlists kept, chosen by a seeded hash
  std::uint64_t seed = 42;
  int min_item_count = 1;  // tracks in fewer kept playlist positions are dropped
};

nlohmann::json to_json(const MpdOptions& o);

// The slice files of `dir`: dir/data/mpd.slice.*.json, or dir/mpd.slice.*.json when dir has no
// data/ folder holding any, ordered by the slice's start number (names without one last, by
// name). Throws InputError when there are none.
std::vector<std::string> mpd_slice_files(const std::string& dir);

// Converts the slices: each kept playlist is a user whose history is its tracks in `pos`
// order (list order when a track has no `pos`), timestamp = 0-based position; items are the
// track URIs; each normalised playlist title is a query relevant to the tracks of all kept
// playlists with that title. Files are parsed one at a time with a SAX handler, so memory
// holds the kept playlists only. Malformed input throws InputError naming the file, the line
// and the playlist (`playlists[i]`).
Dataset convert_mpd(const std::string& dir, const MpdOptions& opt);

}  // namespace gensr
