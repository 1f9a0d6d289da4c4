// regime/cpu_dispatch: REGIME_AVX2_CLONES marks a per-candle function of the detector to be
// compiled twice, for AVX2 and for the x86-64 baseline, the version chosen once at program load.
// The functions it marks do the same operations per vector lane in both versions, so both give
// the same bits. It is ta's switch (ta/cpu_dispatch.hpp: when it is on, and why both versions
// agree), under the detector's own name.
#pragma once

#include "ta/cpu_dispatch.hpp"

#define REGIME_AVX2_CLONES TA_AVX2_CLONES
