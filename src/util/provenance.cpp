#include "util/provenance.h"

#include "util/version.h"

namespace gensr {

nlohmann::json provenance(const std::string& format, int format_version) {
  return {{"format", format},
          {"format_version", format_version},
          {"gensr_version", version()},
          {"git_commit", git_commit()}};
}

}  // namespace gensr
