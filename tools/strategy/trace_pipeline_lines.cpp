// tools/strategy/trace_pipeline_lines: the driver behind tools/strategy/pipeline_lines.py, which
// reports which cache lines of one stream's state a decision touches (docs/speed_session8.md).
// Why: with hundreds of streams a stream's state is cold when its candle closes, and the
// decision's cost is then mostly the distinct lines it has to fetch, which no instruction
// count shows.
//
// It builds one strategy::SignalPipeline (on the heap, as the engine does), feeds it the first
// --warmup candles of a CSV, then decides the next --decisions candles, each bracketed by a read
// of two marker globals so that a memory trace (valgrind --tool=lackey --trace-mem=yes) can be
// cut into decisions. Before the decisions it prints where the state lives: the object (address,
// sizeof) and every heap block reached from it (found by scanning the object, and the blocks,
// for words equal to a block's start address), so the trace's addresses can be attributed.
// Run it through pipeline_lines.py; alone it only prints that map.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "core/candle.hpp"
#include "core/symbol.hpp"
#include "core/timeframe.hpp"
#include "strategy/signal_pipeline.hpp"

using namespace alphapulse;

namespace {

// Every allocation of the process, so that heap blocks pointed to by the pipeline can be told
// apart from words that merely look like addresses. A fixed table: the driver allocates little.
struct Allocation {
  std::uintptr_t start;
  std::size_t size;
  bool live;
};
constexpr std::size_t kMaxAllocations = 1 << 16;
Allocation g_allocations[kMaxAllocations];
std::size_t g_allocation_count = 0;

void* allocate(std::size_t size) {
  void* p = std::malloc(size > 0 ? size : 1);
  if (p == nullptr) throw std::bad_alloc();
  if (g_allocation_count < kMaxAllocations)
    g_allocations[g_allocation_count++] = {reinterpret_cast<std::uintptr_t>(p), size, true};
  return p;
}
// Over-aligned types (alignas above 16) come through these: their blocks count as well.
void* allocate_aligned(std::size_t size, std::align_val_t alignment) {
  const auto align = static_cast<std::size_t>(alignment);
  void* p = std::aligned_alloc(align, (size + align - 1) / align * align);
  if (p == nullptr) throw std::bad_alloc();
  if (g_allocation_count < kMaxAllocations)
    g_allocations[g_allocation_count++] = {reinterpret_cast<std::uintptr_t>(p), size, true};
  return p;
}
void release(void* p) noexcept {
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  for (std::size_t i = g_allocation_count; i-- > 0;) {
    if (g_allocations[i].live && g_allocations[i].start == address) {
      g_allocations[i].live = false;
      break;
    }
  }
  std::free(p);
}

// Read before and after each decision; the trace finds them by address.
volatile std::uint64_t g_decision_begin_marker = 0;
volatile std::uint64_t g_decision_end_marker = 0;

const Allocation* live_allocation_at(std::uintptr_t address) {
  for (std::size_t i = 0; i < g_allocation_count; ++i) {
    if (g_allocations[i].live && g_allocations[i].start == address) return &g_allocations[i];
  }
  return nullptr;
}

// Prints every live heap block whose start address is stored in [start, start + size), and
// those reached from them, as `heap START SIZE PARENT OFFSET` (PARENT the start of the object or
// block holding the pointer, OFFSET where in it).
void print_reachable_blocks(std::uintptr_t start, std::size_t size,
                            std::vector<std::uintptr_t>& printed) {
  for (std::size_t offset = 0; offset + sizeof(std::uintptr_t) <= size;
       offset += sizeof(std::uintptr_t)) {
    std::uintptr_t word;
    std::memcpy(&word, reinterpret_cast<const void*>(start + offset), sizeof word);
    const Allocation* block = live_allocation_at(word);
    if (block == nullptr) continue;
    bool seen = false;
    for (std::uintptr_t p : printed) seen = seen || p == word;
    if (seen) continue;
    printed.push_back(word);
    std::printf("heap %#zx %zu %#zx %zu\n", static_cast<std::size_t>(block->start), block->size,
                static_cast<std::size_t>(start), offset);
    print_reachable_blocks(block->start, block->size, printed);
  }
}

// The first `limit` candles (reading the whole file would be most of the traced work).
bool read_candles(const char* path, std::size_t limit, std::vector<core::Candle>& out) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (out.size() < limit && std::getline(in, line)) {
    std::istringstream fields(line);
    std::string cell;
    double values[6];
    int n = 0;
    while (n < 6 && std::getline(fields, cell, ','))
      values[n++] = std::strtod(cell.c_str(), nullptr);
    if (n < 6) return false;
    core::Candle c;
    c.open_time = core::TimestampMs{static_cast<std::int64_t>(values[0])};
    c.close_time = core::TimestampMs{static_cast<std::int64_t>(values[0]) + 15 * 60 * 1000 - 1};
    c.open = values[1];
    c.high = values[2];
    c.low = values[3];
    c.close = values[4];
    c.volume = values[5];
    out.push_back(c);
  }
  return true;
}

int usage(const char* why) {
  std::fprintf(stderr,
               "trace_pipeline_lines: %s\n"
               "usage: trace_pipeline_lines --data FILE.csv (a 15m file: open_time_ms,open,high,"
               "low,close,volume) [--warmup N (default 500)] [--decisions N (default 100)] "
               "[--ml]\n",
               why);
  return 2;
}

}  // namespace

void* operator new(std::size_t size, std::align_val_t alignment) {
  return allocate_aligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return allocate_aligned(size, alignment);
}
void operator delete(void* p, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  release(p);
}
void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  release(p);
}

int main(int argc, char** argv) {
  const char* data = nullptr;
  long warmup = 500, decisions = 100;
  bool ml = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--data" && has_value) {
      data = argv[++i];
    } else if (arg == "--warmup" && has_value) {
      warmup = std::strtol(argv[++i], nullptr, 10);
    } else if (arg == "--decisions" && has_value) {
      decisions = std::strtol(argv[++i], nullptr, 10);
    } else if (arg == "--ml") {
      ml = true;
    } else {
      return usage(("unknown or incomplete option '" + arg + "'").c_str());
    }
  }
  if (data == nullptr) return usage("--data is required");
  if (warmup < 0 || decisions < 1) return usage("--warmup must be >= 0 and --decisions >= 1");
  std::vector<core::Candle> candles;
  if (!read_candles(data, static_cast<std::size_t>(warmup + decisions), candles))
    return usage((std::string("cannot read ") + data).c_str());
  if (static_cast<long>(candles.size()) < warmup + decisions)
    return usage("the file has fewer candles than --warmup + --decisions");

  strategy::PipelineSettings settings;
  settings.enable_ml = ml;
  auto pipeline = std::make_unique<strategy::SignalPipeline>(core::Symbol("BTCUSDT"),
                                                             core::Timeframe::k15m, settings);
  for (long i = 0; i < warmup; ++i)
    pipeline->on_closed_candle(candles[static_cast<std::size_t>(i)]);

  const auto object = reinterpret_cast<std::uintptr_t>(pipeline.get());
  std::printf("object %#zx %zu\n", static_cast<std::size_t>(object),
              sizeof(strategy::SignalPipeline));
  std::vector<std::uintptr_t> printed;
  print_reachable_blocks(object, sizeof(strategy::SignalPipeline), printed);
  std::printf("markers %p %p\n",
              static_cast<const void*>(const_cast<std::uint64_t*>(&g_decision_begin_marker)),
              static_cast<const void*>(const_cast<std::uint64_t*>(&g_decision_end_marker)));
  int stack_probe = 0;
  std::printf("stack %p\n", static_cast<void*>(&stack_probe));
  std::fflush(stdout);

  long emitted = 0;
  for (long i = 0; i < decisions; ++i) {
    const core::Candle& c = candles[static_cast<std::size_t>(warmup + i)];
    const std::uint64_t begin = g_decision_begin_marker;
    asm volatile("" : : "r"(begin) : "memory");
    const strategy::Decision& d = pipeline->on_closed_candle(c);
    const std::uint64_t end = g_decision_end_marker;
    asm volatile("" : : "r"(end) : "memory");
    emitted += d.emitted ? 1 : 0;
  }
  std::printf("decided %ld emitted %ld\n", decisions, emitted);
  return 0;
}
