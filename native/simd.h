/* Vector width for the CPU backend's own kernels (depthwise and pointwise
 * convolutions). The project is built for the baseline of each target
 * (x86-64: SSE2), so on x86-64 those kernels are compiled three times
 * (AVX-512, AVX2 + FMA, SSE2: HS_SIMD_CLONES, GCC/clang function
 * multiversioning) and the loader picks the one this CPU runs; valgrind's
 * CPU has no AVX-512 and gets the AVX2 one. Elsewhere (arm64: NEON) the
 * attribute is empty. hs_v16 is sixteen floats: one AVX-512 register, two
 * AVX2 ones, four SSE/NEON ones; GCC/clang vector extensions lower it to
 * what the clone's target has. */
#ifndef HS_NATIVE_SIMD_H
#define HS_NATIVE_SIMD_H

typedef float hs_v16 __attribute__((vector_size(16 * sizeof(float))));

#define HS_V16_LANES 16

#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define HS_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
#endif
#ifndef HS_SIMD_CLONES
#define HS_SIMD_CLONES
#endif

/* Without the loop-distribution pass, which turns short copy and zero-fill
 * loops into a memmove/memset call each (rows of 14 floats: the calls took
 * longer than the copies). */
#if defined(__GNUC__) && !defined(__clang__)
#define HS_NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define HS_NO_LIBCALLS
#endif

/* a * b + c as one fused multiply-add where the target has one: -std=c11
 * turns GCC's contraction off (ISO C's default), which left the kernels a
 * multiply and an add each, twice the instructions on the FMA ports */
#if defined(__GNUC__) && !defined(__clang__)
#define HS_FP_CONTRACT __attribute__((optimize("fp-contract=fast")))
#else
#define HS_FP_CONTRACT
#endif

#endif
