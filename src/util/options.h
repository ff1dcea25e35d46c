#pragma once

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gensr {

namespace po = boost::program_options;

// Parses flags and, when `--config FILE` is given, an INI file of the same options (flags
// win). Adds --help and --config to `desc`. Returns false when --help was asked for (the help
// text has then been printed to stdout if `print_help`: programs under mpirun pass false on
// every rank but 0, so the help appears once). Throws UsageError on unknown or malformed
// options, naming the config file and option where that is where the problem is.
bool parse_options(const std::vector<std::string>& args, po::options_description desc,
                   const std::string& usage, po::variables_map& vm, bool print_help = true);

// The resolved options as a JSON object (defaults included), saved beside every output so a
// run can be reproduced from it.
nlohmann::json options_to_json(const po::variables_map& vm);

}  // namespace gensr
