#include "util/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/error.h"

namespace gensr {

std::string temp_path_for(const std::string& path) {
  // The pid keeps concurrent writers (two ranks, two jobs) from sharing a temporary.
  return path + "." + std::to_string(::getpid()) + ".tmp";
}

void publish(const std::string& tmp, const std::string& path) {
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw Error("cannot rename " + tmp + " to " + path + ": " + why);
  }
}

AtomicTextFile::AtomicTextFile(const std::string& path)
    : path_(path), tmp_(temp_path_for(path)), out_(tmp_, std::ios::binary | std::ios::trunc) {
  if (!out_) throw Error("cannot write " + tmp_ + ": " + std::strerror(errno));
}

AtomicTextFile::~AtomicTextFile() {
  if (!committed_) {
    out_.close();
    std::remove(tmp_.c_str());
  }
}

void AtomicTextFile::commit() {
  out_.flush();
  if (!out_) throw Error("error while writing " + tmp_);
  out_.close();
  publish(tmp_, path_);
  committed_ = true;
}

void write_file_atomic(const std::string& path, const std::string& text) {
  AtomicTextFile f(path);
  f.out() << text;
  f.commit();
}

}  // namespace gensr
