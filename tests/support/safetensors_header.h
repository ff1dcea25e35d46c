#pragma once

// The JSON header of a safetensors file (8-byte little-endian length, then the JSON), read
// without gensr's reader so that tests check the bytes other tools see.

#include <cstdint>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace gensr::test {

inline nlohmann::json safetensors_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char size_bytes[8];
  in.read(reinterpret_cast<char*>(size_bytes), 8);
  std::uint64_t size = 0;
  for (int i = 7; i >= 0; --i) size = size << 8 | size_bytes[i];
  std::string header(size, '\0');
  in.read(header.data(), static_cast<std::streamsize>(size));
  return nlohmann::json::parse(header);
}

}  // namespace gensr::test
