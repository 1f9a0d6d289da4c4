// evaluation/interned_names: see interned_names.hpp.
#include "evaluation/interned_names.hpp"

#include <mutex>
#include <set>
#include <string>

namespace alphapulse::evaluation {
namespace {

struct NameTable {
  std::mutex mutex;
  std::set<std::string, std::less<>> names;  // node-based: stored strings never move
};

NameTable& table() {
  static auto* instance = new NameTable();  // intentionally leaked: views must outlive statics
  return *instance;
}

}  // namespace

std::string_view intern_name(std::string_view name) {
  NameTable& t = table();
  std::lock_guard lock(t.mutex);
  auto it = t.names.find(name);
  if (it == t.names.end()) it = t.names.emplace(name).first;
  return *it;
}

std::size_t interned_name_count() {
  NameTable& t = table();
  std::lock_guard lock(t.mutex);
  return t.names.size();
}

}  // namespace alphapulse::evaluation
