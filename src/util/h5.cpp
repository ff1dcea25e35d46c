#include "util/h5.h"

#include <algorithm>

#include "util/error.h"
#include "util/provenance.h"

namespace gensr::h5 {

template <>
hid_t native_type<float>() {
  return H5T_NATIVE_FLOAT;
}
template <>
hid_t native_type<double>() {
  return H5T_NATIVE_DOUBLE;
}
template <>
hid_t native_type<std::int32_t>() {
  return H5T_NATIVE_INT32;
}
template <>
hid_t native_type<std::int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
hid_t native_type<std::uint8_t>() {
  return H5T_NATIVE_UINT8;
}
template <>
hid_t native_type<std::uint64_t>() {
  return H5T_NATIVE_UINT64;
}
template <>
hid_t native_type<std::uint16_t>() {
  return H5T_NATIVE_UINT16;
}

namespace {

// HDF5 prints its own error stack by default; gensr reports errors itself.
struct SilenceHdf5 {
  SilenceHdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
const SilenceHdf5 silence_hdf5;

std::pair<std::string, std::string> split_path(const std::string& name) {
  const auto slash = name.find_last_of('/');
  if (slash == std::string::npos) return {"/", name};
  return {slash == 0 ? "/" : name.substr(0, slash), name.substr(slash + 1)};
}

}  // namespace

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    close_ = o.close_;
    o.id_ = -1;
  }
  return *this;
}

void Handle::reset() {
  if (id_ >= 0 && close_) close_(id_);
  id_ = -1;
}

File File::create(const std::string& path) {
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw Error("cannot create HDF5 file " + path);
  return File(path, Handle(id, H5Fclose));
}

File File::open(const std::string& path) {
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw InputError(path, 0, "file", "not a readable HDF5 file (missing, truncated or foreign)");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(path, 0, "file", "cannot open as HDF5");
  return File(path, Handle(id, H5Fclose));
}

File File::open_format(const std::string& path, const std::string& format, std::int64_t version) {
  File f = open(path);
  if (!f.has_attr("/", "format") || f.attr_string("/", "format") != format) {
    std::string name = format;  // "gensr-checkpoint" reads "not a gensr checkpoint file"
    std::replace(name.begin(), name.end(), '-', ' ');
    throw InputError(path, 0, "format", "not a " + name + " file");
  }
  const auto found = f.attr_int("/", "format_version");
  if (found != version)
    throw InputError(path, 0, "format_version",
                     format + " format " + std::to_string(found) + ", this gensr reads " +
                         std::to_string(version));
  return f;
}

void File::stamp(const std::string& format, std::int64_t version) {
  set_attr("/", "format", format);
  set_attr("/", "format_version", version);
  set_attr("/", "provenance", provenance(format, static_cast<int>(version)).dump());
}

void File::fail(const std::string& object, const std::string& what) const {
  throw InputError(path_, 0, object, what);
}

bool File::exists(const std::string& object) const {
  if (object == "/") return true;
  // Walk the path so that a missing parent is "absent", not an HDF5 error.
  std::string prefix;
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    const std::size_t next = object.find('/', pos + 1);
    prefix = object.substr(0, next);
    if (!prefix.empty() && prefix != "/") {
      if (H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    pos = next;
  }
  return true;
}

std::vector<std::string> File::list(const std::string& group) const {
  Handle g(H5Gopen2(file_.get(), group.c_str(), H5P_DEFAULT), H5Gclose);
  if (g.get() < 0) fail(group, "no such group");
  H5G_info_t info;
  H5Gget_info(g.get(), &info);
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n =
        H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    std::string name(static_cast<std::size_t>(n), '\0');
    H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), n + 1,
                       H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

void File::ensure_group(const std::string& group) {
  if (group.empty() || group == "/") return;
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    const std::size_t next = group.find('/', pos + 1);
    const std::string prefix = group.substr(0, next);
    if (!prefix.empty() && prefix != "/" &&
        H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) {
      Handle g(H5Gcreate2(file_.get(), prefix.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
               H5Gclose);
      if (g.get() < 0) fail(prefix, "cannot create group");
    }
    pos = next;
  }
}

void File::write_raw(const std::string& name, hid_t type, const void* data,
                     const std::vector<std::uint64_t>& dims) {
  ensure_group(split_path(name).first);
  std::vector<hsize_t> d(dims.begin(), dims.end());
  Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose);
  Handle set(H5Dcreate2(file_.get(), name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT),
             H5Dclose);
  if (set.get() < 0) fail(name, "cannot create dataset");
  std::uint64_t count = 1;
  for (auto x : dims) count *= x;
  if (count > 0 && H5Dwrite(set.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    fail(name, "cannot write dataset");
}

std::vector<std::uint64_t> File::dims(const std::string& name) const {
  Handle set(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
  if (set.get() < 0) fail(name, "missing dataset");
  Handle space(H5Dget_space(set.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> d(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
  return {d.begin(), d.end()};
}

std::uint64_t File::element_count(const std::string& name) const {
  std::uint64_t n = 1;
  for (auto x : dims(name)) n *= x;
  return n;
}

void File::read_raw(const std::string& name, hid_t type, void* out, std::uint64_t count) const {
  Handle set(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
  if (set.get() < 0) fail(name, "missing dataset");
  if (element_count(name) != count)
    fail(name, "has " + std::to_string(element_count(name)) + " elements, expected " +
                   std::to_string(count));
  if (count > 0 && H5Dread(set.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
    fail(name, "cannot read dataset (wrong type or corrupt file)");
}

void File::write_strings(const std::string& name, const std::vector<std::string>& values) {
  // Stored as one uint8 blob plus int64 offsets: compact, and any HDF5 tool can read both.
  std::string blob;
  std::vector<std::int64_t> offsets{0};
  for (const auto& v : values) {
    blob += v;
    offsets.push_back(static_cast<std::int64_t>(blob.size()));
  }
  write_bytes(name + "/bytes", blob);
  write(name + "/offsets", offsets);
}

std::vector<std::string> File::read_strings(const std::string& name) const {
  const std::string blob = read_bytes(name + "/bytes");
  const auto offsets = read<std::int64_t>(name + "/offsets");
  std::vector<std::string> out;
  if (offsets.empty() || offsets.back() != static_cast<std::int64_t>(blob.size()))
    fail(name, "string offsets do not match the bytes");
  for (std::size_t i = 0; i + 1 < offsets.size(); ++i)
    out.push_back(blob.substr(offsets[i], offsets[i + 1] - offsets[i]));
  return out;
}

void File::write_bytes(const std::string& name, const std::string& bytes) {
  write_raw(name, H5T_NATIVE_UINT8, bytes.data(), {bytes.size()});
}

std::string File::read_bytes(const std::string& name) const {
  std::string out(element_count(name), '\0');
  read_raw(name, H5T_NATIVE_UINT8, out.data(), out.size());
  return out;
}

Handle File::open_object(const std::string& object) const {
  const hid_t id = H5Oopen(file_.get(), object.c_str(), H5P_DEFAULT);
  if (id < 0) fail(object, "missing object");
  return Handle(id, H5Oclose);
}

void File::set_attr(const std::string& object, const std::string& attr, const std::string& value) {
  ensure_group(object);
  Handle obj = open_object(object);
  if (H5Aexists(obj.get(), attr.c_str()) > 0) H5Adelete(obj.get(), attr.c_str());
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), value.empty() ? 1 : value.size());
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle a(H5Acreate2(obj.get(), attr.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
           H5Aclose);
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  if (a.get() < 0 || H5Awrite(a.get(), type.get(), padded.data()) < 0)
    fail(object + "@" + attr, "cannot write attribute (too large for an attribute?)");
}

namespace {
template <class T>
void set_numeric_attr(hid_t obj, const std::string& attr, hid_t type, T value, const File& f,
                      const std::string& object) {
  if (H5Aexists(obj, attr.c_str()) > 0) H5Adelete(obj, attr.c_str());
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle a(H5Acreate2(obj, attr.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (a.get() < 0 || H5Awrite(a.get(), type, &value) < 0)
    throw Error(f.path() + ": " + object + "@" + attr + ": cannot write attribute");
}
}  // namespace

void File::set_attr(const std::string& object, const std::string& attr, std::int64_t value) {
  ensure_group(object);
  Handle obj = open_object(object);
  set_numeric_attr(obj.get(), attr, H5T_NATIVE_INT64, value, *this, object);
}

void File::set_attr(const std::string& object, const std::string& attr, double value) {
  ensure_group(object);
  Handle obj = open_object(object);
  set_numeric_attr(obj.get(), attr, H5T_NATIVE_DOUBLE, value, *this, object);
}

bool File::has_attr(const std::string& object, const std::string& attr) const {
  if (!exists(object)) return false;
  Handle obj = open_object(object);
  return H5Aexists(obj.get(), attr.c_str()) > 0;
}

std::string File::attr_string(const std::string& object, const std::string& attr) const {
  Handle obj = open_object(object);
  Handle a(H5Aopen(obj.get(), attr.c_str(), H5P_DEFAULT), H5Aclose);
  if (a.get() < 0) fail(object + "@" + attr, "missing attribute");
  Handle type(H5Aget_type(a.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING) fail(object + "@" + attr, "not a string");
  const std::size_t size = H5Tget_size(type.get());
  std::string out(size, '\0');
  if (H5Tis_variable_str(type.get()) > 0) fail(object + "@" + attr, "variable-length string");
  if (H5Aread(a.get(), type.get(), out.data()) < 0) fail(object + "@" + attr, "cannot read");
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

std::int64_t File::attr_int(const std::string& object, const std::string& attr) const {
  Handle obj = open_object(object);
  Handle a(H5Aopen(obj.get(), attr.c_str(), H5P_DEFAULT), H5Aclose);
  if (a.get() < 0) fail(object + "@" + attr, "missing attribute");
  std::int64_t v = 0;
  if (H5Aread(a.get(), H5T_NATIVE_INT64, &v) < 0) fail(object + "@" + attr, "not an integer");
  return v;
}

double File::attr_double(const std::string& object, const std::string& attr) const {
  Handle obj = open_object(object);
  Handle a(H5Aopen(obj.get(), attr.c_str(), H5P_DEFAULT), H5Aclose);
  if (a.get() < 0) fail(object + "@" + attr, "missing attribute");
  double v = 0;
  if (H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v) < 0) fail(object + "@" + attr, "not a number");
  return v;
}

void File::flush() { H5Fflush(file_.get(), H5F_SCOPE_GLOBAL); }

}  // namespace gensr::h5
