#pragma once

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "dist/communicator.h"
#include "util/error.h"

namespace gensr {

// Typed gather over the Communicator's byte gather: every rank sends a vector of plain records
// (trivially copyable, e.g. a struct of integers and doubles); `root` gets each rank's vector in
// rank order, the other ranks get {}. All ranks run the same build, so records travel as bytes.
template <class T>
std::vector<std::vector<T>> gather_records(Communicator& comm, const std::vector<T>& mine,
                                           int root) {
  static_assert(std::is_trivially_copyable_v<T>, "gather_records sends records as bytes");
  const std::string bytes(reinterpret_cast<const char*>(mine.data()), mine.size() * sizeof(T));
  const std::vector<std::string> parts = comm.gather(bytes, root);
  std::vector<std::vector<T>> out;
  for (std::size_t r = 0; r < parts.size(); ++r) {
    if (parts[r].size() % sizeof(T) != 0)
      throw Error("gather_records: rank " + std::to_string(r) + " sent " +
                  std::to_string(parts[r].size()) + " bytes, not whole records of " +
                  std::to_string(sizeof(T)));
    out.emplace_back(parts[r].size() / sizeof(T));
    if (!parts[r].empty()) std::memcpy(out.back().data(), parts[r].data(), parts[r].size());
  }
  return out;
}

}  // namespace gensr
