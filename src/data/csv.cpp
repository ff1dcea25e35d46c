#include "data/csv.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "data/text_line.h"
#include "data/tsv.h"
#include "util/error.h"

namespace gensr {

namespace {
constexpr std::size_t kReadBuffer = 1 << 20;  // large reads: ML-25M has 25M lines
}  // namespace

CsvReader::CsvReader(const std::string& path) : path_(path), buffer_(new char[kReadBuffer]) {
  in_.rdbuf()->pubsetbuf(buffer_.get(), kReadBuffer);
  in_.open(path, std::ios::binary);
  if (!in_) throw InputError(path_, 0, "file", std::string("cannot open: ") + std::strerror(errno));
  if (!read_line()) throw InputError(path_, 0, "file", "empty (no header line)");
  if (line_.compare(0, 3, "\xEF\xBB\xBF") == 0) line_.erase(0, 3);
  if (!parse_record()) throw InputError(path_, 1, "header", "unterminated quoted column name");
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    std::string name(fields_[i]);
    if (name.empty()) throw InputError(path_, 1, "header", "empty column name");
    for (std::size_t j = 0; j < i; ++j)
      if (names_[j] == name) throw InputError(path_, 1, name, "duplicate column");
    names_.push_back(std::move(name));
  }
}

bool CsvReader::has_column(const std::string& name) const {
  for (const auto& n : names_)
    if (n == name) return true;
  return false;
}

std::size_t CsvReader::column(const std::string& name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return i;
  std::string have;
  for (const auto& n : names_) have += (have.empty() ? "" : ",") + n;
  throw InputError(path_, 1, name, "missing column (the header is '" + have + "')");
}

bool CsvReader::read_line() { return read_text_line(in_, line_, line_no_, path_); }

// Splits line_ (and, inside quotes, the lines after it) into fields. Returns false when the
// file ends inside a quoted field.
bool CsvReader::parse_record() {
  record_line_ = line_no_;
  text_.clear();
  ends_.clear();
  std::size_t i = 0;
  while (true) {
    if (i < line_.size() && line_[i] == '"') {
      ++i;
      while (true) {
        const std::size_t q = line_.find('"', i);
        if (q == std::string::npos) {
          text_.append(line_, i, std::string::npos);
          text_ += '\n';
          if (!read_line()) return false;
          i = 0;
          continue;
        }
        text_.append(line_, i, q - i);
        if (q + 1 < line_.size() && line_[q + 1] == '"') {
          text_ += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < line_.size() && line_[i] != ',') {
        ends_.push_back(text_.size());
        fields_.assign(ends_.size(), {});
        throw InputError(path_, record_line_,
                         ends_.size() <= names_.size() && !names_.empty()
                             ? names_[ends_.size() - 1]
                             : "field " + std::to_string(ends_.size()),
                         "text after the closing quote of a quoted field");
      }
    } else {
      const std::size_t comma = line_.find(',', i);
      const std::size_t end = comma == std::string::npos ? line_.size() : comma;
      text_.append(line_, i, end - i);
      i = end;
    }
    ends_.push_back(text_.size());
    if (i >= line_.size()) break;
    ++i;  // the comma
  }
  fields_.resize(ends_.size());
  std::size_t start = 0;
  for (std::size_t k = 0; k < ends_.size(); ++k) {
    fields_[k] = std::string_view(text_).substr(start, ends_[k] - start);
    start = ends_[k];
  }
  return true;
}

bool CsvReader::next() {
  if (!read_line()) return false;
  if (line_.empty()) throw InputError(path_, line_no_, "record", "empty line");
  if (!parse_record())
    throw InputError(path_, record_line_, "record",
                     "the file ends inside a quoted field that starts on this line");
  if (fields_.size() < names_.size()) fail(fields_.size(), "missing column");
  if (fields_.size() > names_.size())
    throw InputError(path_, record_line_, "record",
                     std::to_string(fields_.size()) + " fields but the header has " +
                         std::to_string(names_.size()) + " columns");
  for (std::size_t k = 0; k < fields_.size(); ++k)
    if (const std::size_t bad = find_invalid_utf8(fields_[k]); bad != std::string_view::npos)
      fail(k, "invalid UTF-8 at byte " + std::to_string(bad + 1) + " of the field");
  return true;
}

void CsvReader::fail(std::size_t i, const std::string& problem) const {
  throw InputError(path_, record_line_, i < names_.size() ? names_[i] : "record", problem);
}

std::int64_t CsvReader::integer(std::size_t i, std::int64_t min, std::int64_t max) const {
  const std::string_view v = fields_[i];
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size())
    fail(i, "bad integer " + quote_value(v));
  if (value < min || value > max)
    fail(i,
         quote_value(v) + " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return value;
}

double CsvReader::number(std::size_t i) const {
  const std::string_view v = fields_[i];
  double value = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || !std::isfinite(value))
    fail(i, "bad number " + quote_value(v));
  return value;
}

}  // namespace gensr
