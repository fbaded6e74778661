// Whether a path names an index, without creating or changing anything: every
// command but naba index needs one, and must not leave files in a folder that is
// not one (docs/reliability.md).
#pragma once

#include <string>

namespace naba::index_path {

/** Returns if @p path is an index: a folder holding a glass database, a
 *  single-file glass database, a stub file or a folder of shards (its stub is
 *  read, so a bad one throws Error(bad_argument) as a search would). Else throws
 *  Error(not_found) "no index at PATH". Creates nothing. */
void require(const std::string& path);

}  // namespace naba::index_path
