// regime/cpu_dispatch: REGIME_AVX2_CLONES marks a per-candle function to be compiled twice, for
// AVX2 and for the x86-64 baseline, with the version chosen once at program load (GCC/Clang
// target_clones, an ifunc: afterwards a plain indirect call, no per-call test). The functions it
// marks do the same operations per vector lane in both versions (no FMA: -ffp-contract=off,
// and "avx2" does not enable FMA), so both give the same bits.
// Off (a plain function) where ifuncs are unavailable or unwelcome: other architectures,
// non-ELF targets, and AddressSanitizer builds (whose runtime may not be set up when the ifunc
// resolvers run).
#pragma once

#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(__SANITIZE_ADDRESS__)
#define REGIME_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define REGIME_AVX2_CLONES
#endif
