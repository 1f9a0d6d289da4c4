// --set KEY=VALUE (run, backtest): any setting by its TOML key, checked like the other sources
// (an unknown key or a bad value is a configuration error naming "command line").
#include <cctype>
#include <cstdio>

#include "commands.hpp"

namespace alphapulse::app {

bool add_set_flags(const std::vector<std::string>& items,
                   std::map<std::string, std::string>& flags) {
  bool ok = true;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "error: --set '%s': expected KEY=VALUE, e.g. stop_min_atr=1.5\n",
                   item.c_str());
      ok = false;
      continue;
    }
    std::string key = item.substr(0, eq);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    flags[key] = item.substr(eq + 1);
  }
  return ok;
}

}  // namespace alphapulse::app
