#include "data/text_line.h"

#include "util/error.h"

namespace gensr {

bool read_text_line(std::istream& in, std::string& line, long& line_no, const std::string& path) {
  if (!std::getline(in, line)) {
    if (in.bad()) throw InputError(path, line_no + 1, "file", "read error");
    return false;
  }
  ++line_no;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

}  // namespace gensr
