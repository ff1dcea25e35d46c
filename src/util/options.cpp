#include "util/options.h"

#include <fstream>
#include <iostream>

#include "util/error.h"

namespace gensr {

namespace {

// Moves an old name's value to its new name before po::notify, so that the value is stored
// once, reads back under the new name (options_to_json, config.json) and counts as given.
void apply_renames(const std::vector<RenamedOption>& renamed, po::variables_map& vm, bool print) {
  for (const RenamedOption& r : renamed) {
    const auto old = vm.find(r.old_name);
    if (old == vm.end() || old->second.defaulted()) continue;
    const auto current = vm.find(r.new_name);
    if (current != vm.end() && !current->second.defaulted())
      throw UsageError("--" + r.old_name + " is the old name of --" + r.new_name +
                       "; give only --" + r.new_name);
    // The old option is bound to the new one's variable: its copy notifies that variable.
    const po::variable_value value = old->second;
    vm.erase(old);
    if (current != vm.end()) vm.erase(current);
    vm.emplace(r.new_name, value);
    if (print)
      std::cerr << "warning: --" << r.old_name << " is deprecated; it is now --" << r.new_name
                << std::endl;
  }
}

}  // namespace

bool parse_options(const std::vector<std::string>& args, po::options_description desc,
                   const std::string& usage, po::variables_map& vm, bool print,
                   const std::vector<RenamedOption>& renamed) {
  desc.add_options()("help,h", "print this help and exit")(
      "config", po::value<std::string>(), "INI file of these options (flags override it)");
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    if (vm.count("help")) {
      if (print) std::cout << usage << "\n\n" << desc << "\n";
      return false;
    }
    if (vm.count("config")) {
      const std::string path = vm["config"].as<std::string>();
      std::ifstream in(path);
      if (!in) throw InputError(path, 0, "config", "cannot open the file");
      try {
        po::store(po::parse_config_file(in, desc, false), vm);
      } catch (const po::error& e) {
        throw InputError(path, 0, "config", e.what());
      }
    }
    apply_renames(renamed, vm, print);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see --help)");
  }
  return true;
}

nlohmann::json options_to_json(const po::variables_map& vm) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : vm) {
    if (name == "help") continue;
    const boost::any& v = value.value();
    if (v.empty()) continue;
    if (auto* s = boost::any_cast<std::string>(&v)) {
      out[name] = *s;
    } else if (auto* i = boost::any_cast<int>(&v)) {
      out[name] = *i;
    } else if (auto* l = boost::any_cast<long>(&v)) {
      out[name] = *l;
    } else if (auto* ll = boost::any_cast<long long>(&v)) {
      out[name] = *ll;
    } else if (auto* u = boost::any_cast<unsigned>(&v)) {
      out[name] = *u;
    } else if (auto* z = boost::any_cast<std::size_t>(&v)) {
      out[name] = *z;
    } else if (auto* d = boost::any_cast<double>(&v)) {
      out[name] = *d;
    } else if (auto* f = boost::any_cast<float>(&v)) {
      out[name] = *f;
    } else if (auto* b = boost::any_cast<bool>(&v)) {
      out[name] = *b;
    } else if (auto* vs = boost::any_cast<std::vector<std::string>>(&v)) {
      out[name] = *vs;
    } else if (auto* vi = boost::any_cast<std::vector<int>>(&v)) {
      out[name] = *vi;
    } else if (auto* vd = boost::any_cast<std::vector<double>>(&v)) {
      out[name] = *vd;
    } else {
      throw Error("options_to_json: option --" + name + " has a type it cannot save");
    }
  }
  return out;
}

}  // namespace gensr
