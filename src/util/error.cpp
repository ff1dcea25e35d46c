#include "util/error.h"

namespace gensr {

namespace {
std::string located(const std::string& file, long line, const std::string& field,
                    const std::string& problem) {
  std::string where = file + ":" + std::to_string(line) + ": ";
  return where + (field.empty() ? "" : field + ": ") + problem;
}
}  // namespace

InputError::InputError(const std::string& file, long line, const std::string& field,
                       const std::string& problem)
    : UsageError(located(file, line, field, problem)),
      file_(file),
      line_(line),
      field_(field),
      problem_(problem) {}

}  // namespace gensr
