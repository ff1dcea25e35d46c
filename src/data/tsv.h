#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gensr {

// Reads a tab-separated file of the dataset layout: a header line naming the columns, then one
// record per line. Every problem becomes an InputError `file:line: column: problem` with the
// path as given and 1-based line numbers (the header is line 1; line 0 means the whole file).
//
// Rules (our choices, see DESIGN.md "Dataset layout"):
// - The header must name exactly `columns` in order, optionally followed by a prefix of
//   `optional_columns`; any other column is an error. A UTF-8 byte order mark before the header
//   is skipped.
// - Each record has exactly as many fields as the header has columns: fewer is a missing
//   column, more is an extra field (a tab inside a field cannot be represented).
// - A trailing CR (CRLF files) is removed; an empty line is an error; every line must be valid
//   UTF-8 (the error names the field holding the bad byte).
//
// Lines are read into one reused buffer and split into views, so reading allocates nothing per
// record once the buffers have grown.
class TsvReader {
 public:
  TsvReader(const std::string& path, std::vector<std::string> columns,
            std::vector<std::string> optional_columns = {});
  TsvReader(const TsvReader&) = delete;
  TsvReader& operator=(const TsvReader&) = delete;

  // Reads the next record; false at the end of the file.
  bool next();

  // Columns the header named: the required ones plus the optional ones present.
  std::size_t columns() const { return names_.size(); }
  const std::string& column_name(std::size_t i) const { return names_[i]; }
  std::string_view field(std::size_t i) const { return fields_[i]; }
  long line() const { return line_no_; }
  const std::string& path() const { return path_; }

  // Throws InputError for the current line, naming column `i`.
  [[noreturn]] void fail(std::size_t i, const std::string& problem) const;

  // Field `i` as an identifier: non-empty and free of whitespace (TREC files split on it).
  std::string_view id(std::size_t i) const;
  // Field `i` as a whole decimal integer within [min, max].
  std::int64_t integer(std::size_t i, std::int64_t min, std::int64_t max) const;

 private:
  void read_header(std::vector<std::string> columns, std::vector<std::string> optional_columns);
  bool read_line();
  void split_and_check();

  std::string path_;
  std::unique_ptr<char[]> buffer_;
  std::ifstream in_;
  std::vector<std::string> names_;
  std::string line_;
  std::vector<std::string_view> fields_;
  long line_no_ = 0;
};

// Returns the offset of the first byte that is not part of a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are invalid), or npos.
std::size_t find_invalid_utf8(std::string_view s);

// `s` quoted for an error message, cut to a readable length on a character boundary.
std::string quote_value(std::string_view s);

// True for the ASCII whitespace that TREC tools split on.
inline bool is_id_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace gensr
