// store/migrations: see migrations.hpp.
#include "store/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

namespace alphapulse::store {
namespace {

struct ParsedName {
  int version = 0;
  std::string name;
  std::optional<Dialect> dialect;  // nullopt = portable
};

std::optional<ParsedName> parse_file_name(std::string_view file) {
  constexpr std::string_view kSuffix = ".sql";
  if (file.size() <= kSuffix.size() + 5 || !file.ends_with(kSuffix)) return std::nullopt;
  std::string_view stem = file.substr(0, file.size() - kSuffix.size());
  ParsedName parsed;
  for (Dialect d : {Dialect::kSqlite, Dialect::kPostgres}) {
    const std::string_view name = to_string(d);
    const bool tagged = stem.size() > name.size() && stem.ends_with(name) &&
                        stem[stem.size() - name.size() - 1] == '.';
    if (tagged) {
      parsed.dialect = d;
      stem.remove_suffix(name.size() + 1);
    }
  }
  const auto underscore = stem.find('_');
  if (underscore == std::string_view::npos || underscore == 0 || underscore + 1 == stem.size()) {
    return std::nullopt;
  }
  const auto digits = stem.substr(0, underscore);
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), parsed.version);
  if (result.ec != std::errc() || result.ptr != digits.data() + digits.size() ||
      parsed.version <= 0) {
    return std::nullopt;
  }
  parsed.name = std::string(stem.substr(underscore + 1));
  if (parsed.name.find('.') != std::string::npos) return std::nullopt;  // unknown dialect tag
  return parsed;
}

}  // namespace

std::string_view to_string(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite" : "postgres";
}

Result<std::vector<Migration>> select_migrations(std::span<const MigrationFile> files,
                                                 Dialect dialect) {
  struct Choice {
    const MigrationFile* portable = nullptr;
    const MigrationFile* variant = nullptr;
    std::string name;
  };
  std::map<int, Choice> by_version;
  for (const MigrationFile& file : files) {
    auto parsed = parse_file_name(file.name);
    if (!parsed) {
      return Error{0, "migration file '" + std::string(file.name) +
                          "': expected NNNN_name.sql or NNNN_name.<sqlite|postgres>.sql"};
    }
    if (parsed->dialect && *parsed->dialect != dialect) continue;
    Choice& choice = by_version[parsed->version];
    const MigrationFile*& slot = parsed->dialect ? choice.variant : choice.portable;
    if (slot != nullptr || (!choice.name.empty() && choice.name != parsed->name)) {
      return Error{0, "migration version " + std::to_string(parsed->version) +
                          " has two files for " + std::string(to_string(dialect)) + ": '" +
                          std::string(file.name) + "'"};
    }
    slot = &file;
    choice.name = parsed->name;
  }
  std::vector<Migration> out;
  for (const auto& [version, choice] : by_version) {
    const MigrationFile* file = choice.variant != nullptr ? choice.variant : choice.portable;
    out.push_back(Migration{version, choice.name, std::string(file->sql)});
  }
  return out;
}

Result<std::vector<Migration>> embedded_migrations(Dialect dialect) {
  return select_migrations(embedded_migration_files(), dialect);
}

Result<std::vector<const Migration*>> order_migrations(std::span<const Migration> migrations) {
  std::vector<const Migration*> ordered;
  for (const Migration& m : migrations) ordered.push_back(&m);
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    if (ordered[i]->version == ordered[i - 1]->version) {
      return Error{0, "migration version " + std::to_string(ordered[i]->version) + " given twice"};
    }
  }
  return ordered;
}

}  // namespace alphapulse::store
