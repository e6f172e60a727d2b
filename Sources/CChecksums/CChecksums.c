// CRC-32C and CRC-64/NVME: hardware paths behind plain table fallbacks.
//
// Both CRCs are bit-reflected (refin = refout = true), start from all ones and end inverted. A
// "register" below is the running value before that final inversion.
#include "CChecksums.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#if defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
#endif

// Entry i: the register after feeding byte i into a zero register. Generated from the reflected
// polynomials (CRC-32C 0x82f63b78, CRC-64/NVME 0x9a6c9329ac4bc9b5): for each i, eight times
// r = (r >> 1) ^ (r & 1 ? poly : 0).
static const uint32_t crc32c_table[256] = {
    0x00000000, 0xf26b8303, 0xe13b70f7, 0x1350f3f4, 0xc79a971f, 0x35f1141c,
    0x26a1e7e8, 0xd4ca64eb, 0x8ad958cf, 0x78b2dbcc, 0x6be22838, 0x9989ab3b,
    0x4d43cfd0, 0xbf284cd3, 0xac78bf27, 0x5e133c24, 0x105ec76f, 0xe235446c,
    0xf165b798, 0x030e349b, 0xd7c45070, 0x25afd373, 0x36ff2087, 0xc494a384,
    0x9a879fa0, 0x68ec1ca3, 0x7bbcef57, 0x89d76c54, 0x5d1d08bf, 0xaf768bbc,
    0xbc267848, 0x4e4dfb4b, 0x20bd8ede, 0xd2d60ddd, 0xc186fe29, 0x33ed7d2a,
    0xe72719c1, 0x154c9ac2, 0x061c6936, 0xf477ea35, 0xaa64d611, 0x580f5512,
    0x4b5fa6e6, 0xb93425e5, 0x6dfe410e, 0x9f95c20d, 0x8cc531f9, 0x7eaeb2fa,
    0x30e349b1, 0xc288cab2, 0xd1d83946, 0x23b3ba45, 0xf779deae, 0x05125dad,
    0x1642ae59, 0xe4292d5a, 0xba3a117e, 0x4851927d, 0x5b016189, 0xa96ae28a,
    0x7da08661, 0x8fcb0562, 0x9c9bf696, 0x6ef07595, 0x417b1dbc, 0xb3109ebf,
    0xa0406d4b, 0x522bee48, 0x86e18aa3, 0x748a09a0, 0x67dafa54, 0x95b17957,
    0xcba24573, 0x39c9c670, 0x2a993584, 0xd8f2b687, 0x0c38d26c, 0xfe53516f,
    0xed03a29b, 0x1f682198, 0x5125dad3, 0xa34e59d0, 0xb01eaa24, 0x42752927,
    0x96bf4dcc, 0x64d4cecf, 0x77843d3b, 0x85efbe38, 0xdbfc821c, 0x2997011f,
    0x3ac7f2eb, 0xc8ac71e8, 0x1c661503, 0xee0d9600, 0xfd5d65f4, 0x0f36e6f7,
    0x61c69362, 0x93ad1061, 0x80fde395, 0x72966096, 0xa65c047d, 0x5437877e,
    0x4767748a, 0xb50cf789, 0xeb1fcbad, 0x197448ae, 0x0a24bb5a, 0xf84f3859,
    0x2c855cb2, 0xdeeedfb1, 0xcdbe2c45, 0x3fd5af46, 0x7198540d, 0x83f3d70e,
    0x90a324fa, 0x62c8a7f9, 0xb602c312, 0x44694011, 0x5739b3e5, 0xa55230e6,
    0xfb410cc2, 0x092a8fc1, 0x1a7a7c35, 0xe811ff36, 0x3cdb9bdd, 0xceb018de,
    0xdde0eb2a, 0x2f8b6829, 0x82f63b78, 0x709db87b, 0x63cd4b8f, 0x91a6c88c,
    0x456cac67, 0xb7072f64, 0xa457dc90, 0x563c5f93, 0x082f63b7, 0xfa44e0b4,
    0xe9141340, 0x1b7f9043, 0xcfb5f4a8, 0x3dde77ab, 0x2e8e845f, 0xdce5075c,
    0x92a8fc17, 0x60c37f14, 0x73938ce0, 0x81f80fe3, 0x55326b08, 0xa759e80b,
    0xb4091bff, 0x466298fc, 0x1871a4d8, 0xea1a27db, 0xf94ad42f, 0x0b21572c,
    0xdfeb33c7, 0x2d80b0c4, 0x3ed04330, 0xccbbc033, 0xa24bb5a6, 0x502036a5,
    0x4370c551, 0xb11b4652, 0x65d122b9, 0x97baa1ba, 0x84ea524e, 0x7681d14d,
    0x2892ed69, 0xdaf96e6a, 0xc9a99d9e, 0x3bc21e9d, 0xef087a76, 0x1d63f975,
    0x0e330a81, 0xfc588982, 0xb21572c9, 0x407ef1ca, 0x532e023e, 0xa145813d,
    0x758fe5d6, 0x87e466d5, 0x94b49521, 0x66df1622, 0x38cc2a06, 0xcaa7a905,
    0xd9f75af1, 0x2b9cd9f2, 0xff56bd19, 0x0d3d3e1a, 0x1e6dcdee, 0xec064eed,
    0xc38d26c4, 0x31e6a5c7, 0x22b65633, 0xd0ddd530, 0x0417b1db, 0xf67c32d8,
    0xe52cc12c, 0x1747422f, 0x49547e0b, 0xbb3ffd08, 0xa86f0efc, 0x5a048dff,
    0x8ecee914, 0x7ca56a17, 0x6ff599e3, 0x9d9e1ae0, 0xd3d3e1ab, 0x21b862a8,
    0x32e8915c, 0xc083125f, 0x144976b4, 0xe622f5b7, 0xf5720643, 0x07198540,
    0x590ab964, 0xab613a67, 0xb831c993, 0x4a5a4a90, 0x9e902e7b, 0x6cfbad78,
    0x7fab5e8c, 0x8dc0dd8f, 0xe330a81a, 0x115b2b19, 0x020bd8ed, 0xf0605bee,
    0x24aa3f05, 0xd6c1bc06, 0xc5914ff2, 0x37faccf1, 0x69e9f0d5, 0x9b8273d6,
    0x88d28022, 0x7ab90321, 0xae7367ca, 0x5c18e4c9, 0x4f48173d, 0xbd23943e,
    0xf36e6f75, 0x0105ec76, 0x12551f82, 0xe03e9c81, 0x34f4f86a, 0xc69f7b69,
    0xd5cf889d, 0x27a40b9e, 0x79b737ba, 0x8bdcb4b9, 0x988c474d, 0x6ae7c44e,
    0xbe2da0a5, 0x4c4623a6, 0x5f16d052, 0xad7d5351,
};

static const uint64_t crc64nvme_table[256] = {
    0x0000000000000000, 0x7f6ef0c830358979, 0xfedde190606b12f2, 0x81b31158505e9b8b,
    0xc962e5739841b68f, 0xb60c15bba8743ff6, 0x37bf04e3f82aa47d, 0x48d1f42bc81f2d04,
    0xa61cecb46814fe75, 0xd9721c7c5821770c, 0x58c10d24087fec87, 0x27affdec384a65fe,
    0x6f7e09c7f05548fa, 0x1010f90fc060c183, 0x91a3e857903e5a08, 0xeecd189fa00bd371,
    0x78e0ff3b88be6f81, 0x078e0ff3b88be6f8, 0x863d1eabe8d57d73, 0xf953ee63d8e0f40a,
    0xb1821a4810ffd90e, 0xceecea8020ca5077, 0x4f5ffbd87094cbfc, 0x30310b1040a14285,
    0xdefc138fe0aa91f4, 0xa192e347d09f188d, 0x2021f21f80c18306, 0x5f4f02d7b0f40a7f,
    0x179ef6fc78eb277b, 0x68f0063448deae02, 0xe943176c18803589, 0x962de7a428b5bcf0,
    0xf1c1fe77117cdf02, 0x8eaf0ebf2149567b, 0x0f1c1fe77117cdf0, 0x7072ef2f41224489,
    0x38a31b04893d698d, 0x47cdebccb908e0f4, 0xc67efa94e9567b7f, 0xb9100a5cd963f206,
    0x57dd12c379682177, 0x28b3e20b495da80e, 0xa900f35319033385, 0xd66e039b2936bafc,
    0x9ebff7b0e12997f8, 0xe1d10778d11c1e81, 0x606216208142850a, 0x1f0ce6e8b1770c73,
    0x8921014c99c2b083, 0xf64ff184a9f739fa, 0x77fce0dcf9a9a271, 0x08921014c99c2b08,
    0x4043e43f0183060c, 0x3f2d14f731b68f75, 0xbe9e05af61e814fe, 0xc1f0f56751dd9d87,
    0x2f3dedf8f1d64ef6, 0x50531d30c1e3c78f, 0xd1e00c6891bd5c04, 0xae8efca0a188d57d,
    0xe65f088b6997f879, 0x9931f84359a27100, 0x1882e91b09fcea8b, 0x67ec19d339c963f2,
    0xd75adabd7a6e2d6f, 0xa8342a754a5ba416, 0x29873b2d1a053f9d, 0x56e9cbe52a30b6e4,
    0x1e383fcee22f9be0, 0x6156cf06d21a1299, 0xe0e5de5e82448912, 0x9f8b2e96b271006b,
    0x71463609127ad31a, 0x0e28c6c1224f5a63, 0x8f9bd7997211c1e8, 0xf0f5275142244891,
    0xb824d37a8a3b6595, 0xc74a23b2ba0eecec, 0x46f932eaea507767, 0x3997c222da65fe1e,
    0xafba2586f2d042ee, 0xd0d4d54ec2e5cb97, 0x5167c41692bb501c, 0x2e0934dea28ed965,
    0x66d8c0f56a91f461, 0x19b6303d5aa47d18, 0x980521650afae693, 0xe76bd1ad3acf6fea,
    0x09a6c9329ac4bc9b, 0x76c839faaaf135e2, 0xf77b28a2faafae69, 0x8815d86aca9a2710,
    0xc0c42c4102850a14, 0xbfaadc8932b0836d, 0x3e19cdd162ee18e6, 0x41773d1952db919f,
    0x269b24ca6b12f26d, 0x59f5d4025b277b14, 0xd846c55a0b79e09f, 0xa72835923b4c69e6,
    0xeff9c1b9f35344e2, 0x90973171c366cd9b, 0x1124202993385610, 0x6e4ad0e1a30ddf69,
    0x8087c87e03060c18, 0xffe938b633338561, 0x7e5a29ee636d1eea, 0x0134d92653589793,
    0x49e52d0d9b47ba97, 0x368bddc5ab7233ee, 0xb738cc9dfb2ca865, 0xc8563c55cb19211c,
    0x5e7bdbf1e3ac9dec, 0x21152b39d3991495, 0xa0a63a6183c78f1e, 0xdfc8caa9b3f20667,
    0x97193e827bed2b63, 0xe877ce4a4bd8a21a, 0x69c4df121b863991, 0x16aa2fda2bb3b0e8,
    0xf86737458bb86399, 0x8709c78dbb8deae0, 0x06bad6d5ebd3716b, 0x79d4261ddbe6f812,
    0x3105d23613f9d516, 0x4e6b22fe23cc5c6f, 0xcfd833a67392c7e4, 0xb0b6c36e43a74e9d,
    0x9a6c9329ac4bc9b5, 0xe50263e19c7e40cc, 0x64b172b9cc20db47, 0x1bdf8271fc15523e,
    0x530e765a340a7f3a, 0x2c608692043ff643, 0xadd397ca54616dc8, 0xd2bd67026454e4b1,
    0x3c707f9dc45f37c0, 0x431e8f55f46abeb9, 0xc2ad9e0da4342532, 0xbdc36ec59401ac4b,
    0xf5129aee5c1e814f, 0x8a7c6a266c2b0836, 0x0bcf7b7e3c7593bd, 0x74a18bb60c401ac4,
    0xe28c6c1224f5a634, 0x9de29cda14c02f4d, 0x1c518d82449eb4c6, 0x633f7d4a74ab3dbf,
    0x2bee8961bcb410bb, 0x548079a98c8199c2, 0xd53368f1dcdf0249, 0xaa5d9839ecea8b30,
    0x449080a64ce15841, 0x3bfe706e7cd4d138, 0xba4d61362c8a4ab3, 0xc52391fe1cbfc3ca,
    0x8df265d5d4a0eece, 0xf29c951de49567b7, 0x732f8445b4cbfc3c, 0x0c41748d84fe7545,
    0x6bad6d5ebd3716b7, 0x14c39d968d029fce, 0x95708ccedd5c0445, 0xea1e7c06ed698d3c,
    0xa2cf882d2576a038, 0xdda178e515432941, 0x5c1269bd451db2ca, 0x237c997575283bb3,
    0xcdb181ead523e8c2, 0xb2df7122e51661bb, 0x336c607ab548fa30, 0x4c0290b2857d7349,
    0x04d364994d625e4d, 0x7bbd94517d57d734, 0xfa0e85092d094cbf, 0x856075c11d3cc5c6,
    0x134d926535897936, 0x6c2362ad05bcf04f, 0xed9073f555e26bc4, 0x92fe833d65d7e2bd,
    0xda2f7716adc8cfb9, 0xa54187de9dfd46c0, 0x24f29686cda3dd4b, 0x5b9c664efd965432,
    0xb5517ed15d9d8743, 0xca3f8e196da80e3a, 0x4b8c9f413df695b1, 0x34e26f890dc31cc8,
    0x7c339ba2c5dc31cc, 0x035d6b6af5e9b8b5, 0x82ee7a32a5b7233e, 0xfd808afa9582aa47,
    0x4d364994d625e4da, 0x3258b95ce6106da3, 0xb3eba804b64ef628, 0xcc8558cc867b7f51,
    0x8454ace74e645255, 0xfb3a5c2f7e51db2c, 0x7a894d772e0f40a7, 0x05e7bdbf1e3ac9de,
    0xeb2aa520be311aaf, 0x944455e88e0493d6, 0x15f744b0de5a085d, 0x6a99b478ee6f8124,
    0x224840532670ac20, 0x5d26b09b16452559, 0xdc95a1c3461bbed2, 0xa3fb510b762e37ab,
    0x35d6b6af5e9b8b5b, 0x4ab846676eae0222, 0xcb0b573f3ef099a9, 0xb465a7f70ec510d0,
    0xfcb453dcc6da3dd4, 0x83daa314f6efb4ad, 0x0269b24ca6b12f26, 0x7d0742849684a65f,
    0x93ca5a1b368f752e, 0xeca4aad306bafc57, 0x6d17bb8b56e467dc, 0x12794b4366d1eea5,
    0x5aa8bf68aecec3a1, 0x25c64fa09efb4ad8, 0xa4755ef8cea5d153, 0xdb1bae30fe90582a,
    0xbcf7b7e3c7593bd8, 0xc399472bf76cb2a1, 0x422a5673a732292a, 0x3d44a6bb9707a053,
    0x759552905f188d57, 0x0afba2586f2d042e, 0x8b48b3003f739fa5, 0xf42643c80f4616dc,
    0x1aeb5b57af4dc5ad, 0x6585ab9f9f784cd4, 0xe436bac7cf26d75f, 0x9b584a0fff135e26,
    0xd389be24370c7322, 0xace74eec0739fa5b, 0x2d545fb4576761d0, 0x523aaf7c6752e8a9,
    0xc41748d84fe75459, 0xbb79b8107fd2dd20, 0x3acaa9482f8c46ab, 0x45a459801fb9cfd2,
    0x0d75adabd7a6e2d6, 0x721b5d63e7936baf, 0xf3a84c3bb7cdf024, 0x8cc6bcf387f8795d,
    0x620ba46c27f3aa2c, 0x1d6554a417c62355, 0x9cd645fc4798b8de, 0xe3b8b53477ad31a7,
    0xab69411fbfb21ca3, 0xd407b1d78f8795da, 0x55b4a08fdfd90e51, 0x2ada5047efec8728,
};

static uint32_t crc32c_bytes(uint32_t reg, const uint8_t *p, size_t n) {
    while (n--) reg = crc32c_table[(reg ^ *p++) & 0xff] ^ (reg >> 8);
    return reg;
}

static uint64_t crc64nvme_bytes(uint64_t reg, const uint8_t *p, size_t n) {
    while (n--) reg = crc64nvme_table[(reg ^ *p++) & 0xff] ^ (reg >> 8);
    return reg;
}

uint32_t s3clone_crc32c_portable(uint32_t crc, const void *data, size_t length) {
    return ~crc32c_bytes(~crc, data, length);
}

uint64_t s3clone_crc64nvme_portable(uint64_t crc, const void *data, size_t length) {
    return ~crc64nvme_bytes(~crc, data, length);
}

#if defined(__x86_64__)

__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t crc, const uint8_t *p, size_t n) {
    uint64_t reg = ~crc;
    for (; n && ((uintptr_t)p & 7); n--) reg = _mm_crc32_u8((uint32_t)reg, *p++);
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        reg = _mm_crc32_u64(reg, word);
    }
    for (; n; n--) reg = _mm_crc32_u8((uint32_t)reg, *p++);
    return ~(uint32_t)reg;
}

// Folding (after Intel's "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ"): a
// 16-byte value V, read little-endian, is a polynomial of degree < 128 in the reflected order
// (bit j stands for x^(127-j)); its first 8 bytes H are the high half, the next 8 bytes L the
// low half. Moving V forward by t bits, V * x^t = H * x^(t+64) + L * x^t, is congruent modulo P
// to H * (x^(t+63) mod P) + L * (x^(t-1) mod P) multiplied carry-less in the reflected order
// (which adds the one factor x). Each constant below is x^n mod P, bit-reflected to 64 bits;
// the low 64 bits of a pair go with H, the high 64 with L.
#define FOLD_PAIR(h, l) { (long long)(h), (long long)(l) }
static const long long fold_128[2] = FOLD_PAIR(0xeadc41fd2ba3d420ULL, 0x21e9761e252621acULL); // x^191, x^127
static const long long fold_256[2] = FOLD_PAIR(0xb0bc2e589204f500ULL, 0xe1e0bb9d45d7a44cULL); // x^319, x^255
static const long long fold_384[2] = FOLD_PAIR(0xbdd7ac0ee1a4a0f0ULL, 0xa3ffdc1fe8e82a8bULL); // x^447, x^383
static const long long fold_512[2] = FOLD_PAIR(0x0c32cdb31e18a84aULL, 0x62242240ace5045aULL); // x^575, x^511

__attribute__((target("pclmul,sse4.1")))
static inline __m128i fold(__m128i v, __m128i k) {
    return _mm_xor_si128(_mm_clmulepi64_si128(v, k, 0x00), _mm_clmulepi64_si128(v, k, 0x11));
}

__attribute__((target("pclmul,sse4.1")))
static uint64_t crc64nvme_pclmul(uint64_t crc, const uint8_t *p, size_t n) {
    if (n < 64) return ~crc64nvme_bytes(~crc, p, n);
    const __m128i k128 = _mm_loadu_si128((const __m128i *)fold_128);
    const __m128i k256 = _mm_loadu_si128((const __m128i *)fold_256);
    const __m128i k384 = _mm_loadu_si128((const __m128i *)fold_384);
    const __m128i k512 = _mm_loadu_si128((const __m128i *)fold_512);
    // A register r before the message is the same as r added to its first 8 bytes.
    __m128i x0 = _mm_xor_si128(_mm_loadu_si128((const __m128i *)p), _mm_set_epi64x(0, (long long)~crc));
    __m128i x1 = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i x2 = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(p + 48));
    p += 64;
    n -= 64;
    for (; n >= 64; n -= 64, p += 64) {
        x0 = _mm_xor_si128(fold(x0, k512), _mm_loadu_si128((const __m128i *)p));
        x1 = _mm_xor_si128(fold(x1, k512), _mm_loadu_si128((const __m128i *)(p + 16)));
        x2 = _mm_xor_si128(fold(x2, k512), _mm_loadu_si128((const __m128i *)(p + 32)));
        x3 = _mm_xor_si128(fold(x3, k512), _mm_loadu_si128((const __m128i *)(p + 48)));
    }
    __m128i x = _mm_xor_si128(_mm_xor_si128(fold(x0, k384), fold(x1, k256)), _mm_xor_si128(fold(x2, k128), x3));
    for (; n >= 16; n -= 16, p += 16) x = _mm_xor_si128(fold(x, k128), _mm_loadu_si128((const __m128i *)p));
    // What is left is the 16 bytes of x, then the last n bytes, into a zero register.
    uint8_t last[16];
    _mm_storeu_si128((__m128i *)last, x);
    return ~crc64nvme_bytes(crc64nvme_bytes(0, last, 16), p, n);
}

// The same folding four 128-bit lanes at a time in 512-bit registers (VPCLMULQDQ), four registers
// side by side: 256 bytes per step. Each lane moves by the distance between its register's
// place in one step and the next (2048 bits); at the end the registers fold into one by 192,
// 128 and 64 bytes, and its lanes into one 16-byte value as in crc64nvme_pclmul.
static const long long fold_1536[2] = FOLD_PAIR(0x758ee09da263e275ULL, 0x6d2d13de8038b4caULL); // x^1599, x^1535
static const long long fold_1024[2] = FOLD_PAIR(0xa1ca681e733f9c40ULL, 0x5f852fb61e8d92dcULL); // x^1087, x^1023
static const long long fold_2048[2] = FOLD_PAIR(0x37ccd3e14069cabcULL, 0xa043808c0f782663ULL); // x^2111, x^2047

__attribute__((target("avx512f,vpclmulqdq")))
static inline __m512i fold4(__m512i v, __m512i k) {
    return _mm512_xor_si512(_mm512_clmulepi64_epi128(v, k, 0x00), _mm512_clmulepi64_epi128(v, k, 0x11));
}

__attribute__((target("avx512f,vpclmulqdq")))
static inline __m512i broadcast_pair(const long long pair[2]) {
    return _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)pair));
}

__attribute__((target("avx512f,vpclmulqdq,pclmul,sse4.1")))
static uint64_t crc64nvme_vpclmul(uint64_t crc, const uint8_t *p, size_t n) {
    if (n < 256) return crc64nvme_pclmul(crc, p, n);
    const __m512i k2048 = broadcast_pair(fold_2048);
    __m512i z0 = _mm512_xor_si512(_mm512_loadu_si512(p), _mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, (long long)~crc));
    __m512i z1 = _mm512_loadu_si512(p + 64);
    __m512i z2 = _mm512_loadu_si512(p + 128);
    __m512i z3 = _mm512_loadu_si512(p + 192);
    p += 256;
    n -= 256;
    for (; n >= 256; n -= 256, p += 256) {
        z0 = _mm512_xor_si512(fold4(z0, k2048), _mm512_loadu_si512(p));
        z1 = _mm512_xor_si512(fold4(z1, k2048), _mm512_loadu_si512(p + 64));
        z2 = _mm512_xor_si512(fold4(z2, k2048), _mm512_loadu_si512(p + 128));
        z3 = _mm512_xor_si512(fold4(z3, k2048), _mm512_loadu_si512(p + 192));
    }
    __m512i z = _mm512_xor_si512(_mm512_xor_si512(fold4(z0, broadcast_pair(fold_1536)), fold4(z1, broadcast_pair(fold_1024))),
                                 _mm512_xor_si512(fold4(z2, broadcast_pair(fold_512)), z3));
    const __m512i k512 = broadcast_pair(fold_512);
    for (; n >= 64; n -= 64, p += 64) z = _mm512_xor_si512(fold4(z, k512), _mm512_loadu_si512(p));
    const __m128i k128 = _mm_loadu_si128((const __m128i *)fold_128);
    __m128i x = _mm_xor_si128(_mm_xor_si128(fold(_mm512_extracti32x4_epi32(z, 0), _mm_loadu_si128((const __m128i *)fold_384)),
                                            fold(_mm512_extracti32x4_epi32(z, 1), _mm_loadu_si128((const __m128i *)fold_256))),
                              _mm_xor_si128(fold(_mm512_extracti32x4_epi32(z, 2), k128), _mm512_extracti32x4_epi32(z, 3)));
    for (; n >= 16; n -= 16, p += 16) x = _mm_xor_si128(fold(x, k128), _mm_loadu_si128((const __m128i *)p));
    uint8_t last[16];
    _mm_storeu_si128((__m128i *)last, x);
    return ~crc64nvme_bytes(crc64nvme_bytes(0, last, 16), p, n);
}

static int has_sse42(void) { return __builtin_cpu_supports("sse4.2"); }
static int has_pclmul(void) { return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1"); }
static int has_vpclmul(void) { return has_pclmul() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("vpclmulqdq"); }

uint32_t s3clone_crc32c(uint32_t crc, const void *data, size_t length) {
    return has_sse42() ? crc32c_sse42(crc, data, length) : s3clone_crc32c_portable(crc, data, length);
}

uint64_t s3clone_crc64nvme(uint64_t crc, const void *data, size_t length) {
    if (has_vpclmul()) return crc64nvme_vpclmul(crc, data, length);
    return has_pclmul() ? crc64nvme_pclmul(crc, data, length) : s3clone_crc64nvme_portable(crc, data, length);
}

int s3clone_checksums_accelerated(void) { return (has_sse42() ? 1 : 0) | (has_pclmul() ? 2 : 0) | (has_vpclmul() ? 4 : 0); }

#else

#if defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
uint32_t s3clone_crc32c(uint32_t crc, const void *data, size_t length) {
    const uint8_t *p = data;
    uint32_t reg = ~crc;
    for (; length && ((uintptr_t)p & 7); length--) reg = __crc32cb(reg, *p++);
    for (; length >= 8; length -= 8, p += 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        reg = __crc32cd(reg, word);
    }
    for (; length; length--) reg = __crc32cb(reg, *p++);
    return ~reg;
}
static const int crc32c_accelerated = 1;
#else
uint32_t s3clone_crc32c(uint32_t crc, const void *data, size_t length) {
    return s3clone_crc32c_portable(crc, data, length);
}
static const int crc32c_accelerated = 0;
#endif

uint64_t s3clone_crc64nvme(uint64_t crc, const void *data, size_t length) {
    return s3clone_crc64nvme_portable(crc, data, length);
}

int s3clone_checksums_accelerated(void) { return crc32c_accelerated; }

#endif

// ---------------------------------------------------------------- combining
// A reflected CRC of width w keeps x^0 in bit w-1 and x^k in bit w-1-k. The product of two
// residues modulo the (reflected) polynomial: shift-and-add over the bits of `a`, `b` times x at
// each step. Works for w = 32 and 64 alike in 64-bit words.
static uint64_t reflected_multiply(uint64_t a, uint64_t b, uint64_t polynomial, int width) {
    uint64_t bit = (uint64_t)1 << (width - 1);
    uint64_t product = 0;
    while (a != 0 && bit != 0) {
        if (a & bit) {
            product ^= b;
            a ^= bit;
        }
        bit >>= 1;
        b = (b & 1) ? (b >> 1) ^ polynomial : b >> 1;
    }
    return product;
}

// x^(8 x bytes) modulo the polynomial, by squaring.
static uint64_t reflected_shift_of_bytes(uint64_t bytes, uint64_t polynomial, int width) {
    uint64_t result = (uint64_t)1 << (width - 1);      // x^0
    uint64_t power = (uint64_t)1 << (width - 1 - 8);   // x^8
    while (bytes != 0) {
        if (bytes & 1) result = reflected_multiply(result, power, polynomial, width);
        power = reflected_multiply(power, power, polynomial, width);
        bytes >>= 1;
    }
    return result;
}

static uint64_t reflected_combine(uint64_t crc_a, uint64_t crc_b, uint64_t length_b, uint64_t polynomial, int width) {
    if (length_b == 0) return crc_a;
    return reflected_multiply(reflected_shift_of_bytes(length_b, polynomial, width), crc_a, polynomial, width) ^ crc_b;
}

uint32_t s3clone_crc32_combine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b) {
    return (uint32_t)reflected_combine(crc_a, crc_b, length_b, 0xEDB88320u, 32);
}

uint32_t s3clone_crc32c_combine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b) {
    return (uint32_t)reflected_combine(crc_a, crc_b, length_b, 0x82F63B78u, 32);
}

uint64_t s3clone_crc64nvme_combine(uint64_t crc_a, uint64_t crc_b, uint64_t length_b) {
    return reflected_combine(crc_a, crc_b, length_b, 0x9A6C9329AC4BC9B5ull, 64);
}
