// Secrets, signatures and digests of alert messages, through OpenSSL
// (libcrypto): never hand-written crypto.
#pragma once

#include <string>
#include <string_view>

namespace naba::alerts {

/** A new alert secret: 32 random bytes (RAND_bytes) as 64 hex digits. */
std::string new_secret();

/** HMAC-SHA256 of @p body keyed by @p secret, as lowercase hex: what
 *  X-Naba-Signature carries after "sha256=" (as GitHub's webhooks do). */
std::string hmac_sha256_hex(std::string_view secret, std::string_view body);

/** SHA-256 of @p text, as lowercase hex. */
std::string sha256_hex(std::string_view text);

}  // namespace naba::alerts
