// ta/cpu_dispatch: TA_AVX2_CLONES marks a per-candle function to be compiled twice, for AVX2
// and for the x86-64 baseline, the version chosen once at program load (GCC
// target_clones, an ifunc: afterwards a plain indirect call, no per-call test). Why: the same
// scalar and two-lane arithmetic in VEX three-operand form needs no register copies, and the
// four-lane sums run one vector per instruction. Both versions do the same IEEE operations in
// the same order (no FMA: -ffp-contract=off, and "avx2" does not enable FMA; GCC reassociates
// no floating-point sum without -ffast-math), so both give the same bits.
// Off (a plain function) where ifuncs are unavailable or unwelcome: other architectures,
// non-ELF targets, and AddressSanitizer builds (whose runtime may not be set up when the ifunc
// resolvers run); and with Clang, which accepts target_clones only on a function's first
// declaration (here the definitions carry it, their headers do not). The detector uses the
// same switch (regime/cpu_dispatch.hpp).
#pragma once

#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
#define TA_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TA_AVX2_CLONES
#endif
