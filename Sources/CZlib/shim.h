#ifndef S3CLONE_CZLIB_SHIM_H
#define S3CLONE_CZLIB_SHIM_H

#include <zlib.h>

// inflateInit2 and deflateInit2 are macros (they pass the library version and the size of
// z_stream), which Swift cannot call. These wrappers are the only way the Swift code reaches them.

static inline int s3clone_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

static inline int s3clone_deflateInit2(z_streamp stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

#endif
