#!/usr/bin/env bash
# Fails when a tracked C++ file is not in the repository's clang-format style (.clang-format),
# naming each such file; `clang-format -i FILE` fixes it. Part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
  echo "error: clang-format not found (scripts/bootstrap.sh installs it)" >&2
  exit 2
fi
unformatted=()
while IFS= read -r -d '' file; do
  clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done < <(git ls-files -z -- '*.cpp' '*.hpp' '*.h')
if ((${#unformatted[@]} > 0)); then
  printf 'not in clang-format style: %s\n' "${unformatted[@]}" >&2
  echo "format: ${#unformatted[@]} file(s) to fix with clang-format -i" >&2
  exit 1
fi
echo "format: every C++ file in clang-format style"
