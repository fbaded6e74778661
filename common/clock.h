// Wall-clock time as naba records it (an index's last commit, an alert's run).
#pragma once

#include <string>

namespace naba {

/** Now, in UTC, as ISO 8601 to the second: "2026-12-04T15:34:13Z". */
std::string utc_now();

}  // namespace naba
