#include "model/safetensors.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/error.h"

namespace gensr {

namespace {

// The JSON header of real files is a few hundred KiB at most; refuse absurd lengths before
// allocating them (a corrupt length would otherwise ask for exabytes).
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

uint64_t element_size(const std::string& dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL" || dtype == "F8_E4M3" || dtype == "F8_E5M2")
    return 1;
  return 0;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

uint64_t read_le64(const unsigned char* b) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
  return v;
}

void write_le64(std::ostream& out, uint64_t v) {
  unsigned char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
  out.write(reinterpret_cast<const char*>(b), 8);
}

}  // namespace

SafetensorsFile::SafetensorsFile(const std::string& path) : path_(path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw InputError(path, 0, "", "cannot open safetensors file");
  const uint64_t file_size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  unsigned char length_bytes[8];
  if (file_size < 8 || !in.read(reinterpret_cast<char*>(length_bytes), 8))
    throw InputError(path, 0, "header", "file too short for the 8-byte header length");
  const uint64_t header_bytes = read_le64(length_bytes);
  if (header_bytes > kMaxHeaderBytes || 8 + header_bytes > file_size)
    throw InputError(path, 0, "header",
                     "header length " + std::to_string(header_bytes) + " exceeds the file (" +
                         std::to_string(file_size) + " bytes): truncated or not safetensors");
  std::string header(header_bytes, '\0');
  in.read(&header[0], static_cast<std::streamsize>(header_bytes));
  data_start_ = 8 + header_bytes;
  const uint64_t data_size = file_size - data_start_;

  nlohmann::json j;
  try {
    j = nlohmann::json::parse(header);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, "header", std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw InputError(path, 0, "header", "not a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& name = it.key();
    if (name == "__metadata__") {
      if (!it->is_object()) throw InputError(path, 0, name, "not an object");
      for (auto m = it->begin(); m != it->end(); ++m)
        if (m->is_string()) metadata_[m.key()] = m->get<std::string>();
      continue;
    }
    SafetensorsEntry e;
    try {
      e.dtype = it->at("dtype").get<std::string>();
      e.shape = it->at("shape").get<std::vector<int64_t>>();
      auto offsets = it->at("data_offsets").get<std::vector<uint64_t>>();
      if (offsets.size() != 2) throw InputError(path, 0, name, "data_offsets needs 2 numbers");
      e.begin = offsets[0];
      e.end = offsets[1];
    } catch (const nlohmann::json::exception& ex) {
      throw InputError(path, 0, name, std::string("malformed entry: ") + ex.what());
    }
    uint64_t numel = 1;
    for (int64_t d : e.shape) {
      if (d < 0) throw InputError(path, 0, name, "negative dimension in shape");
      numel *= static_cast<uint64_t>(d);
    }
    const uint64_t size = element_size(e.dtype);
    if (size == 0) throw InputError(path, 0, name, "unknown dtype \"" + e.dtype + "\"");
    if (e.end < e.begin || e.end - e.begin != numel * size)
      throw InputError(path, 0, name,
                       "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           ") do not hold " + e.dtype + " " + shape_text(e.shape));
    if (e.end > data_size)
      throw InputError(path, 0, name,
                       "data ends at byte " + std::to_string(data_start_ + e.end) +
                           " but the file has " + std::to_string(file_size) + ": truncated file");
    entries_.emplace(name, std::move(e));
  }
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  for (const auto& kv : entries_) out.push_back(kv.first);
  return out;
}

const SafetensorsEntry& SafetensorsFile::entry(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw InputError(path_, 0, name, "tensor missing from the file");
  return it->second;
}

at::Tensor SafetensorsFile::read_float(const std::string& name) const {
  const SafetensorsEntry& e = entry(name);
  at::ScalarType stored;
  if (e.dtype == "F32") {
    stored = at::kFloat;
  } else if (e.dtype == "F16") {
    stored = at::kHalf;
  } else if (e.dtype == "BF16") {
    stored = at::kBFloat16;
  } else {
    throw InputError(path_, 0, name, "dtype " + e.dtype + " is not a float type gensr reads");
  }
  at::Tensor raw = at::empty(e.shape, at::TensorOptions().dtype(stored));
  std::ifstream in(path_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(data_start_ + e.begin));
  // Tensor bytes are little-endian in the file, as in memory on the hosts gensr runs on.
  if (!in.read(static_cast<char*>(raw.data_ptr()), static_cast<std::streamsize>(e.end - e.begin)))
    throw InputError(path_, 0, name, "could not read the tensor's bytes (file changed?)");
  return stored == at::kFloat ? raw : raw.to(at::kFloat);
}

void write_safetensors(const std::string& path,
                       const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  nlohmann::json meta = nlohmann::json::object();
  for (const auto& kv : metadata) meta[kv.first] = kv.second;
  meta["format"] = "pt";
  header["__metadata__"] = meta;
  std::vector<at::Tensor> data;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    if (header.contains(name)) throw Error("write_safetensors: duplicate tensor name " + name);
    at::Tensor t = tensor.detach().to(at::kCPU, at::kFloat).contiguous();
    const uint64_t bytes = static_cast<uint64_t>(t.numel()) * sizeof(float);
    header[name] = {
        {"dtype", "F32"}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(t);
  }
  std::string text = header.dump();
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  text.append((8 - (8 + text.size()) % 8) % 8, ' ');

  const std::string tmp = temp_path_for(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write " + tmp);
    write_le64(out, text.size());
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const at::Tensor& t : data)
      out.write(static_cast<const char*>(t.data_ptr()),
                static_cast<std::streamsize>(t.numel() * sizeof(float)));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw Error("write failed: " + tmp + " (disk full?)");
    }
  }
  publish(tmp, path);
}

}  // namespace gensr
