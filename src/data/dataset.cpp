#include "data/dataset.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "data/tsv.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/provenance.h"

namespace gensr {

namespace {

constexpr int kDatasetFormatVersion = 1;
constexpr std::int32_t kMaxIndex = std::numeric_limits<std::int32_t>::max();

using Index = std::unordered_map<std::string, std::int32_t>;

bool exists(const std::string& path) { return std::filesystem::exists(path); }

// Looks `key` up, reusing one string for the lookup so a hit allocates nothing (C++17 maps have
// no heterogeneous lookup).
const std::int32_t* lookup(const Index& index, std::string& scratch, std::string_view key) {
  scratch.assign(key.data(), key.size());
  const auto it = index.find(scratch);
  return it == index.end() ? nullptr : &it->second;
}

// Finds ids among `ids` by open addressing over a flat array of (hash tag, index) slots. The
// interactions reader looks an item up on each of ML-25M's 25M lines, in random order, and a
// node-based map's pointer chasing made that most of the reading time.
class IdTable {
 public:
  explicit IdTable(const std::vector<std::string>& ids) : ids_(ids) {
    std::size_t size = 16;
    while (size < 2 * ids.size()) size *= 2;
    mask_ = size - 1;
    slots_.assign(size, Slot{0, -1});
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::size_t h = std::hash<std::string_view>{}(ids[i]);
      std::size_t k = h & mask_;
      while (slots_[k].index >= 0) k = (k + 1) & mask_;
      slots_[k] = Slot{tag(h), static_cast<std::int32_t>(i)};
    }
  }
  // The index of `key`, or -1.
  std::int32_t find(std::string_view key) const {
    const std::size_t h = std::hash<std::string_view>{}(key);
    for (std::size_t k = h & mask_;; k = (k + 1) & mask_) {
      const Slot& s = slots_[k];
      if (s.index < 0) return -1;
      if (s.tag == tag(h) && ids_[s.index] == key) return s.index;
    }
  }

 private:
  struct Slot {
    std::uint32_t tag;
    std::int32_t index;
  };
  static std::uint32_t tag(std::size_t h) { return static_cast<std::uint32_t>(h >> 32); }
  const std::vector<std::string>& ids_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

void read_items(const std::string& dir, Dataset& d) {
  TsvReader r(dir + "/items.tsv", {"item_id", "title"});
  while (r.next()) {
    const std::string_view id = r.id(0);
    if (d.item_ids.size() >= static_cast<std::size_t>(kMaxIndex)) r.fail(0, "too many items");
    const auto [it, inserted] =
        d.item_index.emplace(std::string(id), static_cast<std::int32_t>(d.item_ids.size()));
    // Every record is one line after the header, so item k is on line k + 2.
    if (!inserted)
      r.fail(0, "duplicate item " + quote_value(id) + " (first on line " +
                    std::to_string(it->second + 2) + ")");
    d.item_ids.emplace_back(id);
    d.item_titles.emplace_back(r.field(1));
  }
}

void read_interactions(const std::string& path, const IdTable& items, Dataset& d) {
  TsvReader r(path, {"user_id", "item_id", "timestamp"});
  Index users;
  std::string scratch, last_user;
  std::int32_t last_user_index = -1;
  while (r.next()) {
    const std::string_view user = r.id(0);
    const std::string_view item = r.id(1);
    const std::int64_t timestamp = r.integer(2, std::numeric_limits<std::int64_t>::min(),
                                             std::numeric_limits<std::int64_t>::max());
    const std::int32_t item_index = items.find(item);
    if (item_index < 0) r.fail(1, "unknown item " + quote_value(item) + " (not in items.tsv)");
    std::int32_t user_index;
    // Files are usually grouped by user (MovieLens is), so most lines repeat the last user.
    if (last_user_index >= 0 && user == last_user) {
      user_index = last_user_index;
    } else if (const std::int32_t* u = lookup(users, scratch, user)) {
      user_index = *u;
    } else {
      if (d.user_ids.size() >= static_cast<std::size_t>(kMaxIndex)) r.fail(0, "too many users");
      user_index = static_cast<std::int32_t>(d.user_ids.size());
      users.emplace(scratch, user_index);
      d.user_ids.push_back(scratch);
    }
    if (user_index != last_user_index) {
      last_user.assign(user.data(), user.size());
      last_user_index = user_index;
    }
    d.interactions.push_back({user_index, item_index, timestamp});
  }
}

Split parse_split(const TsvReader& r, std::size_t column) {
  const std::string_view v = r.field(column);
  if (v.empty()) return Split::kUnset;
  if (v == "train") return Split::kTrain;
  if (v == "valid") return Split::kValid;
  if (v == "test") return Split::kTest;
  r.fail(column, "unknown split " + quote_value(v) + " (expected train, valid, test or empty)");
}

Index read_queries(const std::string& path, Dataset& d) {
  TsvReader r(path, {"query_id", "text"}, {"split"});
  Index queries;
  while (r.next()) {
    const std::string_view id = r.id(0);
    if (d.queries.size() >= static_cast<std::size_t>(kMaxIndex)) r.fail(0, "too many queries");
    const auto [it, inserted] =
        queries.emplace(std::string(id), static_cast<std::int32_t>(d.queries.size()));
    if (!inserted)
      r.fail(0, "duplicate query " + quote_value(id) + " (first on line " +
                    std::to_string(it->second + 2) + ")");
    Query q;
    q.id = std::string(id);
    q.text = std::string(r.field(1));
    if (r.columns() > 2) q.split = parse_split(r, 2);
    d.queries.push_back(std::move(q));
  }
  return queries;
}

void read_qrels(const std::string& path, const Index& queries, const IdTable& items, Dataset& d) {
  TsvReader r(path, {"query_id", "item_id", "relevance"});
  std::unordered_map<std::uint64_t, long> first_line;  // (query, item) -> line
  std::string scratch;
  while (r.next()) {
    const std::string_view query = r.id(0);
    const std::string_view item = r.id(1);
    const auto relevance = static_cast<std::int32_t>(r.integer(
        2, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
    const std::int32_t* q = lookup(queries, scratch, query);
    if (!q) r.fail(0, "unknown query " + quote_value(query) + " (not in queries.tsv)");
    const std::int32_t i = items.find(item);
    if (i < 0) r.fail(1, "unknown item " + quote_value(item) + " (not in items.tsv)");
    const std::uint64_t key =
        (static_cast<std::uint64_t>(*q) << 32) | static_cast<std::uint32_t>(i);
    const auto [it, inserted] = first_line.emplace(key, r.line());
    if (!inserted)
      r.fail(1, "duplicate qrel for query " + quote_value(query) + " and item " +
                    quote_value(item) + " (first on line " + std::to_string(it->second) + ")");
    d.qrels.push_back({*q, i, relevance});
  }
}

nlohmann::json read_info(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "file", "cannot open");
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  nlohmann::json info;
  try {
    info = nlohmann::json::parse(s);
  } catch (const nlohmann::json::parse_error& e) {
    // The exception gives a byte offset; editors want the line.
    const std::size_t end = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, s.size());
    const long line = 1 + static_cast<long>(std::count(s.begin(), s.begin() + end, '\n'));
    std::string what = e.what();  // "[json.exception.parse_error.N] parse error at ..."
    if (const std::size_t tag = what.find("] "); tag != std::string::npos) what.erase(0, tag + 2);
    throw InputError(path, line, "json", what);
  }
  if (!info.is_object())
    throw InputError(path, 1, "json",
                     std::string("expected a JSON object, found ") + info.type_name());
  return info;
}

// Fields of the TSV files cannot hold tabs or line breaks; writing one would corrupt the file.
void check_writable(const std::string& what, const std::string& s) {
  if (s.find_first_of("\t\n\r") != std::string::npos)
    throw Error("cannot write " + what + " " + quote_value(s) +
                ": it contains a tab or line break");
}

void check_id(const std::string& what, const std::string& id) {
  if (id.empty()) throw Error("cannot write an empty " + what);
  for (char c : id)
    if (is_id_space(c)) throw Error(what + " " + quote_value(id) + " contains whitespace");
}

// Removes an optional file the dataset no longer has, so a rewritten folder is never read
// back with a stale file from an earlier write.
void remove_stale(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (ec) throw Error("cannot remove stale " + path + ": " + ec.message());
}

}  // namespace

const char* split_name(Split s) {
  switch (s) {
    case Split::kTrain:
      return "train";
    case Split::kValid:
      return "valid";
    case Split::kTest:
      return "test";
    case Split::kUnset:
      break;
  }
  return "unset";
}

std::int32_t Dataset::add_item(const std::string& id, const std::string& title) {
  check_id("item id", id);
  if (item_ids.size() >= static_cast<std::size_t>(kMaxIndex)) throw Error("too many items");
  const auto index = static_cast<std::int32_t>(item_ids.size());
  if (!item_index.emplace(id, index).second) throw Error("duplicate item id " + quote_value(id));
  item_ids.push_back(id);
  item_titles.push_back(title);
  return index;
}

Dataset read_dataset(const std::string& dir) {
  Dataset d;
  read_items(dir, d);
  const IdTable items(d.item_ids);

  const std::string interactions = dir + "/interactions.tsv";
  if (exists(interactions)) read_interactions(interactions, items, d);

  const std::string queries = dir + "/queries.tsv";
  const std::string qrels = dir + "/qrels.tsv";
  const bool has_queries = exists(queries), has_qrels = exists(qrels);
  if (has_queries != has_qrels)
    throw InputError(has_queries ? qrels : queries, 0, "file",
                     "missing; queries.tsv and qrels.tsv come together");
  if (has_queries) read_qrels(qrels, read_queries(queries, d), items, d);

  const std::string info = dir + "/dataset.json";
  if (exists(info)) d.info = read_info(info);
  return d;
}

void write_dataset(const std::string& dir, const Dataset& d) {
  if (!d.info.is_object()) throw Error("dataset info must be a JSON object");
  if (d.item_titles.size() != d.item_ids.size())
    throw Error("dataset has " + std::to_string(d.item_ids.size()) + " item ids but " +
                std::to_string(d.item_titles.size()) + " titles");
  std::filesystem::create_directories(dir);

  {
    AtomicTextFile f(dir + "/items.tsv");
    std::ostream& out = f.out();
    out << "item_id\ttitle\n";
    for (std::size_t i = 0; i < d.item_ids.size(); ++i) {
      check_id("item id", d.item_ids[i]);
      check_writable("item title", d.item_titles[i]);
      out << d.item_ids[i] << '\t' << d.item_titles[i] << '\n';
    }
    f.commit();
  }

  const std::string interactions = dir + "/interactions.tsv";
  if (d.interactions.empty()) {
    remove_stale(interactions);
  } else {
    for (const auto& u : d.user_ids) check_id("user id", u);
    AtomicTextFile f(interactions);
    std::ostream& out = f.out();
    out << "user_id\titem_id\ttimestamp\n";
    char number[24];
    for (const Interaction& x : d.interactions) {
      const auto end = std::to_chars(number, number + sizeof number, x.timestamp).ptr;
      out << d.user_ids.at(x.user) << '\t' << d.item_ids.at(x.item) << '\t';
      out.write(number, end - number);
      out << '\n';
    }
    f.commit();
  }

  const std::string queries = dir + "/queries.tsv";
  const std::string qrels = dir + "/qrels.tsv";
  if (d.queries.empty() && d.qrels.empty()) {
    remove_stale(queries);
    remove_stale(qrels);
  } else {
    {
      AtomicTextFile f(queries);
      std::ostream& out = f.out();
      out << "query_id\ttext\tsplit\n";
      for (const Query& q : d.queries) {
        check_id("query id", q.id);
        check_writable("query text", q.text);
        out << q.id << '\t' << q.text << '\t'
            << (q.split == Split::kUnset ? "" : split_name(q.split)) << '\n';
      }
      f.commit();
    }
    AtomicTextFile f(qrels);
    std::ostream& out = f.out();
    out << "query_id\titem_id\trelevance\n";
    for (const Qrel& r : d.qrels)
      out << d.queries.at(r.query).id << '\t' << d.item_ids.at(r.item) << '\t' << r.relevance
          << '\n';
    f.commit();
  }

  nlohmann::json info = d.info;
  info["written_by"] = provenance("gensr-dataset", kDatasetFormatVersion);
  write_file_atomic(dir + "/dataset.json", info.dump(2) + "\n");
}

}  // namespace gensr
