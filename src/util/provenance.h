#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace gensr {

// What every output records about itself: its format name and version, and the gensr version
// and git commit that wrote it.
nlohmann::json provenance(const std::string& format, int format_version);

}  // namespace gensr
