#include "data/prepared.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/h5.h"

namespace gensr {

static_assert(sizeof(RecInstance) == 2 * sizeof(std::int32_t), "rows are written as int32 pairs");
static_assert(sizeof(SearchInstance) == 2 * sizeof(std::int32_t), "rows are written as pairs");

namespace {

const char* kFile = "prepared.h5";
const char* kFormat = "gensr-prepared";

// FNV-1a, 64 bit: fast, stable across platforms, enough to tell two prepared folders apart.
class Digest {
 public:
  void add(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i) h_ = (h_ ^ p[i]) * 1099511628211ull;
    const std::uint64_t n = bytes;  // length-prefix so that arrays cannot run into each other
    const auto* q = reinterpret_cast<const unsigned char*>(&n);
    for (std::size_t i = 0; i < sizeof n; ++i) h_ = (h_ ^ q[i]) * 1099511628211ull;
  }
  template <class T>
  void add(const std::vector<T>& v) {
    add(v.data(), v.size() * sizeof(T));
  }
  void add(const std::vector<std::string>& v) {
    for (const auto& s : v) add(s.data(), s.size());
    add(v.size());
  }
  void add(std::uint64_t x) { add(&x, sizeof x); }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
  }

 private:
  std::uint64_t h_ = 1469598103934665603ull;
};

template <class Row>
void write_rows(h5::File& f, const std::string& name, const std::vector<Row>& rows) {
  f.write<std::int32_t>(name, reinterpret_cast<const std::int32_t*>(rows.data()), {rows.size(), 2});
}

template <class Row>
std::vector<Row> read_rows(const h5::File& f, const std::string& name) {
  const auto dims = f.dims(name);
  if (dims.size() != 2 || dims[1] != 2)
    throw InputError(f.path(), 0, name, "expected an N x 2 table of instances");
  std::vector<Row> rows(dims[0]);
  f.read_into<std::int32_t>(name, reinterpret_cast<std::int32_t*>(rows.data()), dims[0] * 2);
  return rows;
}

}  // namespace

std::int64_t PreparedData::item_vocab_size() const {
  if (!semantic_ids()) return num_items();
  std::int64_t n = 0;
  for (std::int32_t s : code_sizes) n += s;
  return n;
}

void PreparedData::append_item_tokens(std::int32_t item, std::vector<std::int32_t>& out) const {
  if (!semantic_ids()) {
    out.push_back(static_cast<std::int32_t>(item_offset + item));
    return;
  }
  const std::size_t width = code_sizes.size();
  std::int64_t level_start = item_offset;
  for (std::size_t l = 0; l < width; ++l) {
    out.push_back(static_cast<std::int32_t>(
        level_start + item_codes[static_cast<std::size_t>(item) * width + l]));
    level_start += code_sizes[l];
  }
}

std::vector<std::int32_t> PreparedData::rec_input(const RecInstance& r) const {
  const std::int64_t begin = seq_offsets[r.seq];
  const std::int64_t first = std::max<std::int64_t>(0, r.end - max_history);
  std::vector<std::int32_t> out;
  out.reserve(static_cast<std::size_t>((r.end - first) * id_length() + 1));
  for (std::int64_t i = first; i < r.end; ++i) append_item_tokens(seq_items[begin + i], out);
  out.push_back(kEosToken);
  return out;
}

std::vector<std::int32_t> PreparedData::search_input(std::int32_t query) const {
  return {query_tokens.begin() + query_offsets[query],
          query_tokens.begin() + query_offsets[query + 1]};
}

const char* task_name(Task t) { return t == Task::kRec ? "rec" : "search"; }

Task parse_task(const std::string& task) {
  if (task == "rec") return Task::kRec;
  if (task == "search") return Task::kSearch;
  throw UsageError("--task must be rec or search, got '" + task + "'");
}

std::vector<Task> parse_tasks(const std::string& tasks) {
  if (tasks == "rec") return {Task::kRec};
  if (tasks == "search") return {Task::kSearch};
  if (tasks == "rec,search" || tasks == "search,rec") return {Task::kRec, Task::kSearch};
  throw UsageError("--tasks: expected rec, search or rec,search, got '" + tasks + "'");
}

std::vector<EvalQuery> PreparedData::eval_queries(Task task, Split split) const {
  if (split != Split::kValid && split != Split::kTest)
    throw Error("eval_queries: only the valid and test splits are evaluated");
  std::vector<EvalQuery> out;
  if (task == Task::kRec) {
    for (const RecInstance& r : split == Split::kTest ? rec_test : rec_valid) {
      const auto begin = seq_items.begin() + seq_offsets[r.seq];
      out.push_back({seq_users[r.seq], rec_input(r), {begin[r.end]}, {begin, begin + r.end}});
    }
    return out;
  }
  std::int32_t current = -1;
  for (const SearchInstance& r : split == Split::kTest ? search_test : search_valid) {
    if (r.query != current) {
      out.push_back({query_ids[r.query], search_input(r.query), {}, {}});
      current = r.query;
    }
    out.back().relevant.push_back(r.item);
  }
  return out;
}

std::string PreparedData::compute_fingerprint() const {
  Digest d;
  d.add(static_cast<std::uint64_t>(item_offset));
  d.add(static_cast<std::uint64_t>(max_history));
  d.add(static_cast<std::uint64_t>(max_query_tokens));
  d.add(item_ids);
  d.add(seq_items);
  d.add(seq_offsets);
  d.add(seq_users);
  d.add(rec_train);
  d.add(rec_valid);
  d.add(rec_test);
  d.add(query_tokens);
  d.add(query_offsets);
  d.add(query_ids);
  d.add(search_train);
  d.add(search_valid);
  d.add(search_test);
  d.add(tokenizer.data(), tokenizer.size());
  // Only semantic data adds the codes, so atomic data keeps the fingerprint it always had (and
  // a reader that does not know the codes finds a mismatch and refuses the file).
  if (semantic_ids()) {
    d.add(item_codes);
    d.add(code_sizes);
  }
  return d.hex();
}

void write_prepared(const std::string& dir, PreparedData& p) {
  std::filesystem::create_directories(dir);
  p.fingerprint = p.compute_fingerprint();
  const std::string path = dir + "/" + kFile;
  const std::string tmp = temp_path_for(path);
  try {
    h5::File f = h5::File::create(tmp);
    f.stamp(kFormat, PreparedData::kFormatVersion);
    f.set_attr("/", "fingerprint", p.fingerprint);
    f.set_attr("/", "item_offset", p.item_offset);
    f.set_attr("/", "max_history", std::int64_t{p.max_history});
    f.set_attr("/", "max_query_tokens", std::int64_t{p.max_query_tokens});
    f.write_bytes("/info", p.info.dump());
    f.write_strings("/items/ids", p.item_ids);
    f.write("/rec/sequences/items", p.seq_items);
    f.write("/rec/sequences/offsets", p.seq_offsets);
    f.write_strings("/rec/sequences/users", p.seq_users);
    write_rows(f, "/rec/train", p.rec_train);
    write_rows(f, "/rec/valid", p.rec_valid);
    write_rows(f, "/rec/test", p.rec_test);
    f.write("/search/queries/tokens", p.query_tokens);
    f.write("/search/queries/offsets", p.query_offsets);
    f.write_strings("/search/queries/ids", p.query_ids);
    write_rows(f, "/search/train", p.search_train);
    write_rows(f, "/search/valid", p.search_valid);
    write_rows(f, "/search/test", p.search_test);
    f.write("/popularity/rec", p.popularity_rec);
    f.write("/popularity/search", p.popularity_search);
    f.write_bytes("/tokenizer", p.tokenizer);
    if (p.semantic_ids()) {
      f.write<std::int32_t>("/items/codes", p.item_codes.data(),
                            {p.item_ids.size(), p.code_sizes.size()});
      f.write("/items/code_sizes", p.code_sizes);
    }
    f.close();
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  publish(tmp, path);
}

PreparedData read_prepared(const std::string& dir) {
  const std::string path = dir + "/" + kFile;
  if (!std::filesystem::exists(path))
    throw InputError(path, 0, "file", "missing: is " + dir + " a `gensr-data prepare` output?");
  h5::File f = h5::File::open_format(path, kFormat, PreparedData::kFormatVersion);
  PreparedData p;
  p.fingerprint = f.attr_string("/", "fingerprint");
  p.item_offset = f.attr_int("/", "item_offset");
  p.max_history = static_cast<std::int32_t>(f.attr_int("/", "max_history"));
  p.max_query_tokens = static_cast<std::int32_t>(f.attr_int("/", "max_query_tokens"));
  try {
    p.info = nlohmann::json::parse(f.read_bytes("/info"));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, "/info", e.what());
  }
  p.item_ids = f.read_strings("/items/ids");
  p.seq_items = f.read<std::int32_t>("/rec/sequences/items");
  p.seq_offsets = f.read<std::int64_t>("/rec/sequences/offsets");
  p.seq_users = f.read_strings("/rec/sequences/users");
  p.rec_train = read_rows<RecInstance>(f, "/rec/train");
  p.rec_valid = read_rows<RecInstance>(f, "/rec/valid");
  p.rec_test = read_rows<RecInstance>(f, "/rec/test");
  p.query_tokens = f.read<std::int32_t>("/search/queries/tokens");
  p.query_offsets = f.read<std::int64_t>("/search/queries/offsets");
  p.query_ids = f.read_strings("/search/queries/ids");
  p.search_train = read_rows<SearchInstance>(f, "/search/train");
  p.search_valid = read_rows<SearchInstance>(f, "/search/valid");
  p.search_test = read_rows<SearchInstance>(f, "/search/test");
  p.popularity_rec = f.read<std::int64_t>("/popularity/rec");
  p.popularity_search = f.read<std::int64_t>("/popularity/search");
  p.tokenizer = f.read_bytes("/tokenizer");
  if (f.exists("/items/codes")) {
    p.code_sizes = f.read<std::int32_t>("/items/code_sizes");
    const auto dims = f.dims("/items/codes");
    if (dims.size() != 2 || dims[0] != p.item_ids.size() || dims[1] != p.code_sizes.size() ||
        p.code_sizes.empty())
      throw InputError(path, 0, "/items/codes", "expected items x /items/code_sizes codes");
    p.item_codes = f.read<std::int32_t>("/items/codes");
  }
  if (p.compute_fingerprint() != p.fingerprint)
    throw InputError(path, 0, "fingerprint", "content does not match its fingerprint (corrupt?)");
  return p;
}

}  // namespace gensr
