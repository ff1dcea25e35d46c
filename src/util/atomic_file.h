#pragma once

#include <fstream>
#include <string>

namespace gensr {

// Temporary name beside `path` for outputs that must never be seen half-written.
std::string temp_path_for(const std::string& path);

// Renames `tmp` over `path` (atomic on POSIX within one file system); throws gensr::Error.
void publish(const std::string& tmp, const std::string& path);

// A text output written to `<path>.tmp` and renamed to `path` by commit(). If the writer is
// destroyed without commit() (an exception, an early return) the temporary file is removed,
// so readers only ever see complete files.
class AtomicTextFile {
 public:
  explicit AtomicTextFile(const std::string& path);
  ~AtomicTextFile();
  AtomicTextFile(const AtomicTextFile&) = delete;
  AtomicTextFile& operator=(const AtomicTextFile&) = delete;

  std::ostream& out() { return out_; }
  void commit();

 private:
  std::string path_;
  std::string tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

// Writes the whole of `text` to `path` atomically.
void write_file_atomic(const std::string& path, const std::string& text);

}  // namespace gensr
