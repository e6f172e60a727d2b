#ifndef S3CLONE_CCRYPTO_SHIM_H
#define S3CLONE_CCRYPTO_SHIM_H

// The parts of OpenSSL's libcrypto that s3clone uses: EVP digests (MD5 now, SHA-256 and HMAC for
// request signing). Only non-deprecated OpenSSL 3 entry points.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>

#endif
