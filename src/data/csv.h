#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gensr {

// Reads a comma-separated file with a header line (RFC 4180 as the MovieLens files use it),
// one record at a time, so files of any size are read in constant memory. Every problem is an
// InputError `file:line: column: problem` where line is the 1-based line on which the record
// starts (the header is line 1).
//
// Rules:
// - A field that starts with `"` is quoted: it ends at the next lone `"`, `""` inside it is
//   one quote, and it may hold commas and line breaks (an embedded CRLF is read as LF). A
//   quoted field must be followed by `,` or the end of the record; an unterminated one is an
//   error at the line where its record starts. A `"` inside an unquoted field is kept as is.
// - Line ends may be LF or CRLF; a UTF-8 byte order mark before the header is skipped; every
//   record must be valid UTF-8; an empty line is an error.
// - Columns are found by name (`column("movieId")`), so their order does not matter and extra
//   columns are ignored. A record with fewer fields than the header names the first missing
//   column; one with more fields is an error.
class CsvReader {
 public:
  explicit CsvReader(const std::string& path);
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Index of the header column `name`; throws InputError (line 1) when the header lacks it.
  std::size_t column(const std::string& name) const;
  bool has_column(const std::string& name) const;

  // Reads the next record; false at the end of the file.
  bool next();

  std::string_view field(std::size_t i) const { return fields_[i]; }
  long line() const { return record_line_; }
  const std::string& path() const { return path_; }

  // Throws InputError for the current record, naming column `i`.
  [[noreturn]] void fail(std::size_t i, const std::string& problem) const;
  // Field `i` as a whole decimal integer within [min, max].
  std::int64_t integer(std::size_t i, std::int64_t min, std::int64_t max) const;
  // Field `i` as a finite decimal number.
  double number(std::size_t i) const;

 private:
  bool read_line();
  bool parse_record();

  std::string path_;
  std::unique_ptr<char[]> buffer_;
  std::ifstream in_;
  std::vector<std::string> names_;
  std::string line_;
  std::string text_;  // the unquoted fields of the current record, back to back
  std::vector<std::size_t> ends_;
  std::vector<std::string_view> fields_;
  long line_no_ = 0;      // lines read so far
  long record_line_ = 0;  // where the current record starts
};

}  // namespace gensr
