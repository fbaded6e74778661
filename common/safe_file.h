// Files naba creates or rewrites in an index folder, never through a symbolic
// link: whoever can write into the folder must not make naba overwrite a file
// elsewhere (naba.pid -> ~/precious). Replacements are atomic.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace naba::safe_file {

/** Replaces @p path with a file holding @p content, atomically: a reader sees
 *  the old file or the new one, and a crash leaves one of them. The content is
 *  written to a new file beside it (O_EXCL: never an existing file or link),
 *  synced, then renamed over @p path, which replaces a symbolic link itself,
 *  never its target. Throws Error(io). */
void replace(const std::string& path, std::string_view content);

/** Opens @p path read-write, creating it if needed, never through a symbolic
 *  link (O_NOFOLLOW): a lock file. Returns the descriptor (close-on-exec);
 *  throws Error(io) saying why. */
int open_lock_file(const std::string& path);

/** The first @p max_bytes of @p path; nullopt if it does not exist. A symbolic
 *  link is not followed: Error(io). */
std::optional<std::string> read(const std::string& path, std::size_t max_bytes);

}  // namespace naba::safe_file
