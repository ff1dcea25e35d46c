#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gensr::h5 {

// Thin RAII over the HDF5 C API, enough for gensr's shards and checkpoints: groups created on
// demand from slash paths, 1-D/2-D numeric datasets, string lists and scalar attributes.
// Every failure throws gensr::Error naming the file and the object.

class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() { reset(); }
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  void reset();

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

template <class T>
hid_t native_type();

class File {
 public:
  // Creates (truncating) `path` for writing, or opens it read-only.
  static File create(const std::string& path);
  static File open(const std::string& path);
  // Opens a file gensr wrote with stamp(format, version), refusing another format or version.
  static File open_format(const std::string& path, const std::string& format, std::int64_t version);

  // Records the format, its version and the provenance (gensr version + commit) as root
  // attributes `format`, `format_version` and `provenance`.
  void stamp(const std::string& format, std::int64_t version);

  const std::string& path() const { return path_; }
  bool exists(const std::string& object) const;
  // Names of the direct children of a group.
  std::vector<std::string> list(const std::string& group) const;

  template <class T>
  void write(const std::string& name, const std::vector<T>& data) {
    write_raw(name, native_type<T>(), data.data(), {data.size()});
  }
  template <class T>
  void write(const std::string& name, const T* data, const std::vector<std::uint64_t>& dims) {
    write_raw(name, native_type<T>(), data, dims);
  }
  template <class T>
  std::vector<T> read(const std::string& name) const {
    std::vector<T> out(element_count(name));
    read_raw(name, native_type<T>(), out.data(), out.size());
    return out;
  }
  template <class T>
  void read_into(const std::string& name, T* out, std::uint64_t count) const {
    read_raw(name, native_type<T>(), out, count);
  }
  std::vector<std::uint64_t> dims(const std::string& name) const;
  std::uint64_t element_count(const std::string& name) const;

  void write_strings(const std::string& name, const std::vector<std::string>& values);
  std::vector<std::string> read_strings(const std::string& name) const;
  // A byte string stored as a 1-D uint8 dataset (e.g. a SentencePiece model, JSON text).
  void write_bytes(const std::string& name, const std::string& bytes);
  std::string read_bytes(const std::string& name) const;

  void set_attr(const std::string& object, const std::string& attr, const std::string& value);
  void set_attr(const std::string& object, const std::string& attr, std::int64_t value);
  void set_attr(const std::string& object, const std::string& attr, double value);
  std::string attr_string(const std::string& object, const std::string& attr) const;
  std::int64_t attr_int(const std::string& object, const std::string& attr) const;
  double attr_double(const std::string& object, const std::string& attr) const;
  bool has_attr(const std::string& object, const std::string& attr) const;

  void ensure_group(const std::string& group);
  void flush();
  void close() { file_.reset(); }

 private:
  File(std::string path, Handle h) : path_(std::move(path)), file_(std::move(h)) {}
  void write_raw(const std::string& name, hid_t type, const void* data,
                 const std::vector<std::uint64_t>& dims);
  void read_raw(const std::string& name, hid_t type, void* out, std::uint64_t count) const;
  Handle open_object(const std::string& object) const;
  [[noreturn]] void fail(const std::string& object, const std::string& what) const;

  std::string path_;
  Handle file_;
};

}  // namespace gensr::h5
