#include "data/mpd.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "data/normalise.h"
#include "data/query_set.h"
#include "data/tsv.h"
#include "util/error.h"

namespace gensr {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// A file read through a buffer, counting lines as nlohmann's parser consumes bytes, so that
// SAX callbacks (which get no position) can say where they are.
class CountingFile {
 public:
  explicit CountingFile(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {
    if (!file_)
      throw InputError(path, 0, "file", std::string("cannot open: ") + std::strerror(errno));
  }
  ~CountingFile() { std::fclose(file_); }
  CountingFile(const CountingFile&) = delete;
  CountingFile& operator=(const CountingFile&) = delete;

  bool at_end() {
    if (pos_ < len_) return false;
    len_ = std::fread(buffer_.get(), 1, kBuffer, file_);
    pos_ = 0;
    return len_ == 0;
  }
  char current() const { return buffer_[pos_]; }
  void advance() {
    if (buffer_[pos_++] == '\n') ++line_;
  }
  long line() const { return line_; }

  // The input iterator nlohmann::json::sax_parse reads; a null file is the end.
  struct Iterator {
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = char;
    CountingFile* f = nullptr;
    char operator*() const { return f->current(); }
    Iterator& operator++() {
      f->advance();
      return *this;
    }
    bool operator==(const Iterator& o) const { return done() == o.done(); }
    bool operator!=(const Iterator& o) const { return !(*this == o); }
    bool done() const { return !f || f->at_end(); }
  };

 private:
  static constexpr std::size_t kBuffer = 1 << 20;
  std::FILE* file_;
  std::unique_ptr<char[]> buffer_{new char[kBuffer]};
  std::size_t pos_ = 0, len_ = 0;
  long line_ = 1;
};

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Whether a playlist is sampled depends on its key and the seed only, not on file order.
bool sampled(const std::string& key, const MpdOptions& opt) {
  if (opt.sample_playlists >= 1.0) return true;
  const std::uint64_t h = splitmix64(opt.seed ^ fnv1a(key));
  return static_cast<double>(h >> 11) * 0x1.0p-53 < opt.sample_playlists;
}

struct Track {
  std::string uri;
  std::optional<std::int64_t> pos;
  std::string name, artist;
  bool has_uri = false;
  long line = 0;
};

struct Playlist {
  std::optional<std::string> name;
  std::optional<std::int64_t> pid;
  std::vector<Track> tracks;
  long line = 0;
};

// What all files add up to, before the item-count filter.
struct Collected {
  std::unordered_map<std::string, std::int32_t> item_index;
  std::vector<std::string> item_ids, item_titles;
  std::vector<std::int64_t> item_counts;
  std::unordered_set<std::string> users;
  std::vector<std::string> user_ids;
  std::vector<Interaction> interactions;
  QuerySet queries;
  std::size_t playlists_read = 0, playlists_kept = 0, tracks_read = 0, untitled = 0;
};

// The SAX handler of one slice file. It follows root.playlists[i].tracks[j] with a stack of
// open containers, builds one playlist at a time and hands it on when it closes; every other
// value is skipped.
class SliceHandler {
 public:
  SliceHandler(const std::string& path, CountingFile& in, const MpdOptions& opt, Collected& c)
      : path_(path), file_name_(fs::path(path).filename().string()), in_(in), opt_(opt), c_(c) {}

  bool null() { return value(Type::kNull); }
  bool boolean(bool) { return value(Type::kBool); }
  bool number_integer(json::number_integer_t v) { return integer(v); }
  bool number_unsigned(json::number_unsigned_t v) {
    if (v > static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
      return value(Type::kFloat);
    return integer(static_cast<std::int64_t>(v));
  }
  bool number_float(json::number_float_t, const json::string_t&) { return value(Type::kFloat); }
  bool binary(json::binary_t&) { return value(Type::kBinary); }
  bool string(json::string_t& s) {
    const Where w = check(Type::kString);
    if (w == Where::kPlaylistField && key() == "name") playlist_.name = std::move(s);
    if (w == Where::kTrackField) {
      Track& t = playlist_.tracks.back();
      if (key() == "track_uri") {
        t.uri = std::move(s);
        t.has_uri = true;
      } else if (key() == "track_name") {
        t.name = std::move(s);
      } else if (key() == "artist_name") {
        t.artist = std::move(s);
      }
    }
    return true;
  }
  bool start_object(std::size_t) {
    const Where w = check(Type::kObject);
    if (w == Where::kPlaylistElement) {
      ++index_;
      playlist_ = OpenPlaylist();
      playlist_.line = in_.line();
    } else if (w == Where::kTracksElement) {
      playlist_.tracks.emplace_back();
      playlist_.tracks.back().line = in_.line();
    }
    stack_.push_back({true, {}});
    return true;
  }
  bool key(json::string_t& k) {
    stack_.back().key = std::move(k);
    if (stack_.size() == 1 && key() == "playlists") {
      if (seen_playlists_) fail(in_.line(), "playlists", "duplicate key");
      seen_playlists_ = true;
    }
    if (stack_.size() == 3 && key() == "tracks" && on_playlists_path() && stack_[2].object)
      playlist_.has_tracks = true;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    const Where w = where();
    if (w == Where::kPlaylistElement) finish_playlist();
    if (w == Where::kTracksElement && !playlist_.tracks.back().has_uri)
      fail(playlist_.tracks.back().line, track_field("track_uri"), "missing");
    if (stack_.empty() && !seen_playlists_) fail(in_.line(), "playlists", "missing");
    return true;
  }
  bool start_array(std::size_t) {
    check(Type::kArray);
    stack_.push_back({false, {}});
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    std::string what = e.what();  // "[json.exception.parse_error.N] parse error at ..."
    if (const std::size_t tag = what.find("] "); tag != std::string::npos) what.erase(0, tag + 2);
    const bool in_playlist = stack_.size() >= 3 && on_playlists_path();
    fail(in_.line(), in_playlist ? playlist_field("") : "json",
         what + " (byte " + std::to_string(position) + ")");
  }

 private:
  enum class Type { kNull, kBool, kInt, kFloat, kString, kObject, kArray, kBinary };
  enum class Where {
    kOther,
    kRoot,
    kPlaylists,        // the value of root.playlists
    kPlaylistElement,  // root.playlists[i]
    kPlaylistField,    // root.playlists[i].<key>
    kTracksElement,    // root.playlists[i].tracks[j]
    kTrackField,       // root.playlists[i].tracks[j].<key>
  };
  struct Frame {
    bool object;
    std::string key;
  };
  struct OpenPlaylist : Playlist {
    bool has_tracks = false;
  };

  const std::string& key() const { return stack_.back().key; }
  bool on_playlists_path() const {
    return stack_.size() >= 2 && stack_[0].object && stack_[0].key == "playlists" &&
           !stack_[1].object;
  }
  // Where a value that arrives now sits.
  Where where() const {
    if (stack_.empty()) return Where::kRoot;
    if (stack_.size() == 1) return stack_[0].key == "playlists" ? Where::kPlaylists : Where::kOther;
    if (!on_playlists_path()) return Where::kOther;
    if (stack_.size() == 2) return Where::kPlaylistElement;
    if (!stack_[2].object) return Where::kOther;
    if (stack_.size() == 3) return Where::kPlaylistField;
    if (stack_[2].key != "tracks" || stack_[3].object) return Where::kOther;
    if (stack_.size() == 4) return Where::kTracksElement;
    if (stack_.size() == 5 && stack_[4].object) return Where::kTrackField;
    return Where::kOther;
  }
  static const char* name_of(Type t) {
    switch (t) {
      case Type::kNull:
        return "null";
      case Type::kBool:
        return "a boolean";
      case Type::kInt:
        return "an integer";
      case Type::kFloat:
        return "a non-integer number";
      case Type::kString:
        return "a string";
      case Type::kObject:
        return "an object";
      case Type::kArray:
        return "an array";
      case Type::kBinary:
        return "binary data";
    }
    return "a value";
  }

  // Checks the type of a value at the places the converter reads; returns where it is.
  Where check(Type t) {
    const Where w = where();
    std::optional<Type> want;
    std::string field;
    switch (w) {
      case Where::kRoot:
        want = Type::kObject;
        field = "json";
        break;
      case Where::kPlaylists:
        want = Type::kArray;
        field = "playlists";
        break;
      case Where::kPlaylistElement:
        want = Type::kObject;
        field = "playlists[" + std::to_string(index_ + 1) + "]";
        break;
      case Where::kPlaylistField:
        if (key() == "name") want = Type::kString;
        if (key() == "pid") want = Type::kInt;
        if (key() == "tracks") want = Type::kArray;
        field = playlist_field(key());
        break;
      case Where::kTracksElement:
        want = Type::kObject;
        field = playlist_field("tracks[" + std::to_string(playlist_.tracks.size()) + "]");
        break;
      case Where::kTrackField:
        if (key() == "track_uri") want = Type::kString;
        if (key() == "pos") want = Type::kInt;
        field = track_field(key());
        break;
      case Where::kOther:
        break;
    }
    if (want && *want != t)
      fail(in_.line(), field, std::string("expected ") + name_of(*want) + ", found " + name_of(t));
    return w;
  }
  bool value(Type t) {
    check(t);
    return true;
  }
  bool integer(std::int64_t v) {
    const Where w = check(Type::kInt);
    if (w == Where::kPlaylistField && key() == "pid") playlist_.pid = v;
    if (w == Where::kTrackField && key() == "pos") playlist_.tracks.back().pos = v;
    return true;
  }

  std::string playlist_field(const std::string& field) const {
    return "playlists[" + std::to_string(index_) + "]" + (field.empty() ? "" : "." + field);
  }
  std::string track_field(const std::string& field) const {
    return playlist_field("tracks[" + std::to_string(playlist_.tracks.size() - 1) + "]." + field);
  }
  [[noreturn]] void fail(long line, const std::string& field, const std::string& problem) const {
    throw InputError(path_, line, field, problem);
  }

  void finish_playlist();

  std::string path_, file_name_;
  CountingFile& in_;
  const MpdOptions& opt_;
  Collected& c_;
  std::vector<Frame> stack_;
  bool seen_playlists_ = false;
  long index_ = -1;  // of the playlist being read, in its file
  OpenPlaylist playlist_;
};

void SliceHandler::finish_playlist() {
  OpenPlaylist& p = playlist_;
  if (!p.name) fail(p.line, playlist_field("name"), "missing");
  if (!p.has_tracks) fail(p.line, playlist_field("tracks"), "missing");
  for (std::size_t j = 0; j < p.tracks.size(); ++j) {
    const std::string& uri = p.tracks[j].uri;
    if (uri.empty() || std::any_of(uri.begin(), uri.end(), is_id_space))
      fail(p.tracks[j].line, playlist_field("tracks[" + std::to_string(j) + "].track_uri"),
           "track id " + quote_value(uri) + " is empty or contains whitespace");
  }
  ++c_.playlists_read;
  c_.tracks_read += p.tracks.size();

  const std::string user =
      p.pid ? std::to_string(*p.pid) : file_name_ + ":" + std::to_string(index_);
  if (!sampled(user, opt_)) return;
  if (!c_.users.insert(user).second) fail(p.line, playlist_field("pid"), "duplicate pid " + user);
  ++c_.playlists_kept;
  if (std::all_of(p.tracks.begin(), p.tracks.end(),
                  [](const Track& t) { return t.pos.has_value(); }))
    std::stable_sort(p.tracks.begin(), p.tracks.end(),
                     [](const Track& a, const Track& b) { return *a.pos < *b.pos; });

  const auto user_index = static_cast<std::int32_t>(c_.user_ids.size());
  c_.user_ids.push_back(user);
  const std::string title = normalise_query(*p.name);
  const std::int32_t query = title.empty() ? -1 : c_.queries.intern(title);
  if (title.empty()) ++c_.untitled;
  for (std::size_t j = 0; j < p.tracks.size(); ++j) {
    Track& t = p.tracks[j];
    const auto [it, inserted] =
        c_.item_index.emplace(t.uri, static_cast<std::int32_t>(c_.item_ids.size()));
    if (inserted) {
      c_.item_ids.push_back(std::move(t.uri));
      c_.item_titles.push_back(
          collapse_whitespace(t.artist.empty() ? t.name : t.name + " - " + t.artist));
      c_.item_counts.push_back(0);
    }
    ++c_.item_counts[it->second];
    c_.interactions.push_back({user_index, it->second, static_cast<std::int64_t>(j)});
    if (query >= 0) c_.queries.add(query, it->second);
  }
}

// The start number of `mpd.slice.<start>-<end>.json`, or -1.
long slice_start(const std::string& name) {
  const std::string prefix = "mpd.slice.";
  std::size_t i = prefix.size();
  long start = 0;
  bool digits = false;
  while (i < name.size() && name[i] >= '0' && name[i] <= '9' && start < 1'000'000'000'000L) {
    start = start * 10 + (name[i++] - '0');
    digits = true;
  }
  return digits && i < name.size() && name[i] == '-' ? start : -1;
}

std::vector<std::string> slices_in(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.rfind("mpd.slice.", 0) == 0 && name.size() > 15 &&
        name.compare(name.size() - 5, 5, ".json") == 0)
      names.push_back(name);
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    const long sa = slice_start(a), sb = slice_start(b);
    if ((sa < 0) != (sb < 0)) return sb < 0;
    return sa != sb ? sa < sb : a < b;
  });
  for (auto& n : names) n = (dir / n).string();
  return names;
}

}  // namespace

nlohmann::json to_json(const MpdOptions& o) {
  return {{"sample_playlists", o.sample_playlists},
          {"seed", o.seed},
          {"min_item_count", o.min_item_count}};
}

std::vector<std::string> mpd_slice_files(const std::string& dir) {
  if (!fs::is_directory(dir)) throw InputError(dir, 0, "input", "not a directory");
  std::vector<std::string> files = slices_in(fs::path(dir) / "data");
  if (files.empty()) files = slices_in(dir);
  if (files.empty())
    throw InputError(dir, 0, "input", "no mpd.slice.*.json files in it or in its data/ folder");
  return files;
}

Dataset convert_mpd(const std::string& dir, const MpdOptions& opt) {
  if (!(opt.sample_playlists > 0.0 && opt.sample_playlists <= 1.0))
    throw UsageError("--sample-playlists must be in (0, 1]");
  if (opt.min_item_count < 1) throw UsageError("--min-item-count must be at least 1");
  const std::vector<std::string> files = mpd_slice_files(dir);
  Collected c;
  for (const std::string& path : files) {
    CountingFile in(path);
    SliceHandler handler(path, in, opt, c);
    json::sax_parse(CountingFile::Iterator{&in}, CountingFile::Iterator{}, &handler);
  }

  // Items seen fewer than min_item_count times go, with their interactions and qrels; kept
  // items stay in first-seen order.
  Dataset d;
  std::vector<std::int32_t> item_map(c.item_ids.size(), -1);
  std::unordered_map<std::string, std::int32_t>().swap(c.item_index);
  for (std::size_t i = 0; i < c.item_ids.size(); ++i)
    if (c.item_counts[i] >= opt.min_item_count)
      item_map[i] = d.add_item(c.item_ids[i], c.item_titles[i]);
  const std::size_t items_before = c.item_ids.size(), interactions_before = c.interactions.size();
  std::vector<std::string>().swap(c.item_ids);
  std::vector<std::string>().swap(c.item_titles);

  std::vector<std::int32_t> user_map(c.user_ids.size(), -1);
  for (const Interaction& x : c.interactions) {
    const std::int32_t item = item_map[x.item];
    if (item < 0) continue;
    std::int32_t& user = user_map[x.user];
    if (user < 0) {
      user = static_cast<std::int32_t>(d.user_ids.size());
      d.user_ids.push_back(c.user_ids[x.user]);
    }
    d.interactions.push_back({user, item, x.timestamp});
  }
  std::vector<Interaction>().swap(c.interactions);
  const std::size_t query_texts = c.queries.size();
  const QuerySet::Kept kept = c.queries.write_to(d, 1, 0, item_map);

  d.info = {{"name", "mpd"},
            {"source", fs::absolute(dir).lexically_normal().string()},
            {"converter", {{"name", "gensr-data mpd"}, {"options", to_json(opt)}}},
            {"counts",
             {{"files", files.size()},
              {"playlists_read", c.playlists_read},
              {"playlists_sampled", c.playlists_kept},
              {"playlists_with_empty_title", c.untitled},
              {"tracks_read", c.tracks_read},
              {"items_before_min_item_count", items_before},
              {"items", d.item_ids.size()},
              {"interactions_before_min_item_count", interactions_before},
              {"interactions", d.interactions.size()},
              {"users", d.user_ids.size()},
              {"query_texts", query_texts},
              {"queries_without_kept_items", kept.too_few},
              {"queries", kept.queries},
              {"qrels", kept.qrels}}}};
  return d;
}

}  // namespace gensr
