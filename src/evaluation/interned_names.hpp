// evaluation/interned_names: permanent storage for names read from files.
// core::NamedValue and core::Signal::pattern_type hold std::string_view, because on the hot
// path they point at static string literals (a fixed vocabulary). A signal read back from
// JSONL has no literal to point at, so its names are copied once into this table and the
// views point there. Entries are never freed: the vocabulary is small and fixed (indicator,
// metric and pattern names), so the table stays small however many signals are read.
// Thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace alphapulse::evaluation {

// A view of a permanently stored copy of `name`; equal names give the same view.
std::string_view intern_name(std::string_view name);

// How many distinct names are stored (for tests and diagnostics).
std::size_t interned_name_count();

}  // namespace alphapulse::evaluation
