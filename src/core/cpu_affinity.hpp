// core/cpu_affinity: keep a latency-critical thread on a core of its own. On a machine with
// few cores the deciding thread otherwise shares its core with the sink, the REST thread and
// whatever else runs, and every preemption lands in a decision's latency.
#pragma once

namespace alphapulse::core {

// Restricts the calling thread to `cpu` (0-based). False when the CPU does not exist or the
// system refuses (containers may forbid it); the thread then keeps its previous affinity.
// A negative `cpu` means "leave it alone" and returns true.
bool pin_current_thread_to_cpu(int cpu) noexcept;

// Restricts the calling thread to every CPU except `cpu` (for the threads that should keep
// off the deciding thread's core). Same return convention.
bool keep_current_thread_off_cpu(int cpu) noexcept;

}  // namespace alphapulse::core
