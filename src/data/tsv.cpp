#include "data/tsv.h"

#include <charconv>
#include <cstring>

#include "data/text_line.h"
#include "util/error.h"

namespace gensr {

namespace {

constexpr std::size_t kReadBuffer = 1 << 20;  // large reads: ML-25M has 25M lines

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : "\\t") + n;
  return s;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string quote_value(std::string_view s) {
  constexpr std::size_t kMax = 60;
  if (s.size() <= kMax) return "'" + std::string(s) + "'";
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(s.substr(0, cut)) + "...'";
}

TsvReader::TsvReader(const std::string& path, std::vector<std::string> columns,
                     std::vector<std::string> optional_columns)
    : path_(path), buffer_(new char[kReadBuffer]) {
  in_.rdbuf()->pubsetbuf(buffer_.get(), kReadBuffer);
  in_.open(path, std::ios::binary);
  if (!in_) throw InputError(path_, 0, "file", std::string("cannot open: ") + std::strerror(errno));
  read_header(std::move(columns), std::move(optional_columns));
}

bool TsvReader::read_line() { return read_text_line(in_, line_, line_no_, path_); }

void TsvReader::read_header(std::vector<std::string> columns,
                            std::vector<std::string> optional_columns) {
  std::vector<std::string> expected = columns;
  expected.insert(expected.end(), optional_columns.begin(), optional_columns.end());
  if (!read_line())
    throw InputError(path_, 0, "header",
                     "empty file, expected a header line '" + joined(columns) + "'");
  if (line_.compare(0, 3, "\xEF\xBB\xBF") == 0) line_.erase(0, 3);
  if (line_.empty())
    throw InputError(path_, 1, "header", "empty header line, expected '" + joined(expected) + "'");
  if (const std::size_t bad = find_invalid_utf8(line_); bad != std::string_view::npos)
    throw InputError(path_, 1, "header", "invalid UTF-8 at byte " + std::to_string(bad + 1));

  std::vector<std::string> found;
  for (std::size_t start = 0;;) {
    const std::size_t tab = line_.find('\t', start);
    found.push_back(
        line_.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i >= expected.size())
      throw InputError(path_, 1, found[i],
                       "unexpected column " + std::to_string(i + 1) + ", expected only '" +
                           joined(expected) + "'");
    if (found[i] != expected[i])
      throw InputError(path_, 1, expected[i],
                       "header has " + quote_value(found[i]) + " in column " +
                           std::to_string(i + 1) + ", expected '" + expected[i] + "'");
  }
  if (found.size() < columns.size())
    throw InputError(path_, 1, columns[found.size()], "column missing from the header");
  names_ = std::move(found);
  fields_.reserve(names_.size() + 1);
}

bool TsvReader::next() {
  if (!read_line()) return false;
  split_and_check();
  return true;
}

void TsvReader::split_and_check() {
  fields_.clear();
  const std::string_view line(line_);
  for (std::size_t start = 0;;) {
    const std::size_t tab = line.find('\t', start);
    fields_.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (line.empty()) throw InputError(path_, line_no_, names_[0], "empty line");
  if (const std::size_t bad = find_invalid_utf8(line); bad != std::string_view::npos) {
    std::size_t field = 0;
    for (std::size_t k = 0; k < bad; ++k) field += line[k] == '\t';
    const std::size_t offset = bad - (fields_[field].data() - line.data());
    const std::string name =
        field < names_.size() ? names_[field] : "field " + std::to_string(field + 1);
    throw InputError(path_, line_no_, name,
                     "invalid UTF-8 at byte " + std::to_string(offset + 1) + " of the field");
  }
  if (fields_.size() < names_.size())
    throw InputError(path_, line_no_, names_[fields_.size()],
                     "missing column (the line has " + std::to_string(fields_.size()) +
                         " fields, the header " + std::to_string(names_.size()) + ")");
  if (fields_.size() > names_.size())
    throw InputError(path_, line_no_, "field " + std::to_string(names_.size() + 1),
                     "extra field (the line has " + std::to_string(fields_.size()) +
                         " fields, the header " + std::to_string(names_.size()) +
                         "; a field cannot hold a tab)");
}

void TsvReader::fail(std::size_t i, const std::string& problem) const {
  throw InputError(path_, line_no_, names_[i], problem);
}

std::string_view TsvReader::id(std::size_t i) const {
  const std::string_view v = fields_[i];
  if (v.empty()) fail(i, "empty id");
  for (char c : v)
    if (is_id_space(c)) fail(i, "id " + quote_value(v) + " contains whitespace");
  return v;
}

std::int64_t TsvReader::integer(std::size_t i, std::int64_t min, std::int64_t max) const {
  const std::string_view v = fields_[i];
  if (v.empty()) fail(i, "empty, expected an integer");
  std::int64_t x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec == std::errc::result_out_of_range) fail(i, "integer out of range: " + quote_value(v));
  if (ec != std::errc() || end != v.data() + v.size()) fail(i, "not an integer: " + quote_value(v));
  if (x < min || x > max)
    fail(i, "integer out of range [" + std::to_string(min) + ", " + std::to_string(max) +
                "]: " + quote_value(v));
  return x;
}

}  // namespace gensr
