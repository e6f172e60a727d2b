#ifndef S3CLONE_CCHECKSUMS_H
#define S3CLONE_CCHECKSUMS_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli; iSCSI, S3's CRC32C) of `length` bytes, continuing from `crc`: 0 to
/// start, else the value a previous call returned for the bytes before these. With SSE4.2's
/// `crc32` instruction (x86-64) or the CRC32 extension (AArch64) where the CPU has it.
uint32_t s3clone_crc32c(uint32_t crc, const void *data, size_t length);

/// CRC-64/NVME (S3's CRC64NVME) of `length` bytes, continuing from `crc` as above. With
/// PCLMULQDQ carry-less folding where the CPU has it (x86-64), 256 bytes a step with AVX-512's
/// VPCLMULQDQ.
uint64_t s3clone_crc64nvme(uint64_t crc, const void *data, size_t length);

/// The same two, one table look-up per byte, whatever the CPU: the fallback, and the reference
/// the accelerated paths are tested against.
uint32_t s3clone_crc32c_portable(uint32_t crc, const void *data, size_t length);
uint64_t s3clone_crc64nvme_portable(uint64_t crc, const void *data, size_t length);

/// The CRC of the bytes A then B, from the CRC of A (`crc_a`), the CRC of B (`crc_b`) and B's
/// length: what lets ranges of one object be checked apart and compared with the object's CRC.
/// (zlib's `crc32_combine` does this for CRC-32; these use the same arithmetic: `crc_a` times
/// x^(8 x length_b) modulo the polynomial, plus `crc_b`.)
uint32_t s3clone_crc32_combine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b);
uint32_t s3clone_crc32c_combine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b);
uint64_t s3clone_crc64nvme_combine(uint64_t crc_a, uint64_t crc_b, uint64_t length_b);

/// Which accelerated paths this CPU takes: bit 0 CRC-32C, bit 1 CRC-64/NVME, bit 2 CRC-64/NVME
/// in 512-bit registers (VPCLMULQDQ).
int s3clone_checksums_accelerated(void);

#endif
