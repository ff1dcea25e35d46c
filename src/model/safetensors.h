#pragma once

// The safetensors format (HF's model.safetensors): an 8-byte little-endian header length, a
// JSON header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}, then
// the raw little-endian tensor bytes, offsets counted from the end of the header.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <ATen/Tensor.h>

namespace gensr {

struct SafetensorsEntry {
  std::string dtype;  // "F32", "F16", "BF16", ...
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets into the data section
  uint64_t end = 0;
};

// An opened file: the header is parsed and checked against the file size up front, so a
// truncated file fails here naming the first tensor it cuts. Errors are InputError with the
// file and, where one is involved, the tensor name as the field.
class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::string& path);

  const std::string& path() const { return path_; }
  bool contains(const std::string& name) const { return entries_.count(name) != 0; }
  std::vector<std::string> names() const;  // sorted
  const SafetensorsEntry& entry(const std::string& name) const;
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

  // The tensor as float32 on the CPU (F32 bit for bit; F16 and BF16 widened exactly).
  at::Tensor read_float(const std::string& name) const;

 private:
  std::string path_;
  uint64_t data_start_ = 0;
  std::map<std::string, SafetensorsEntry> entries_;
  std::map<std::string, std::string> metadata_;
};

// Writes tensors as F32 (converted from any floating dtype, moved to the CPU) in the given
// order, with __metadata__ {"format": "pt"} plus `metadata` (transformers refuses files
// without "format"). Written to a temporary name and renamed, so readers never see half a file.
void write_safetensors(const std::string& path,
                       const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace gensr
