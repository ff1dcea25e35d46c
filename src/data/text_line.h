#pragma once

#include <istream>
#include <string>

namespace gensr {

// Reads the next line of `in` into `line`, without its '\n' or "\r\n", and counts it in
// `line_no`; false at the end of the file. A read error is an InputError naming `path` and the
// line. The one line reader of the TSV and CSV readers.
bool read_text_line(std::istream& in, std::string& line, long& line_no, const std::string& path);

}  // namespace gensr
