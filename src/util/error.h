#pragma once

#include <stdexcept>
#include <string>

namespace gensr {

// Exit codes shared by every program (DESIGN.md, "Programs and folders").
enum ExitCode : int { kExitOk = 0, kExitError = 1, kExitUsage = 2, kExitRequeue = 85 };

// Runtime failure (I/O, numerics, communication): exit 1.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
  virtual int exit_code() const { return kExitError; }
};

// Bad command line or bad input data: exit 2.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& what) : Error(what) {}
  int exit_code() const override { return kExitUsage; }
};

// Malformed input, located as `file:line: field: problem` so editors can jump to it.
// line 0 means the whole file (e.g. an empty file or a missing header).
class InputError : public UsageError {
 public:
  InputError(const std::string& file, long line, const std::string& field,
             const std::string& problem);
  const std::string& file() const { return file_; }
  long line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  long line_;
  std::string field_;
  std::string problem_;
};

}  // namespace gensr
