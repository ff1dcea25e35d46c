#pragma once

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gensr {

namespace po = boost::program_options;

// An option's name before a rename. Users' scripts and config files still say it, so it keeps
// working: the program declares both names bound to the same variable, the old one without a
// default, and parse_options records the value under the new name.
struct RenamedOption {
  std::string old_name;  // without dashes
  std::string new_name;
};

// Parses flags and, when `--config FILE` is given, an INI file of the same options (flags
// win). Adds --help and --config to `desc`. Returns false when --help was asked for (the help
// text has then been printed to stdout if `print`: programs under mpirun pass false on every
// rank but 0, so the help and warnings appear once). An old name of `renamed` given as a flag
// or in the file counts as its new name, with one warning line on stderr. Throws UsageError on
// unknown or malformed options, naming the config file and option where that is where the
// problem is, and when an option is given under both its names.
bool parse_options(const std::vector<std::string>& args, po::options_description desc,
                   const std::string& usage, po::variables_map& vm, bool print = true,
                   const std::vector<RenamedOption>& renamed = {});

// The resolved options as a JSON object (defaults included), saved beside every output so a
// run can be reproduced from it.
nlohmann::json options_to_json(const po::variables_map& vm);

}  // namespace gensr
