// What an alert run has delivered and how far each alert has looked, kept in
// memory until recorded in the store, a group of alerts at a time
// (docs/alerts.md, "Delivered once, never lost").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "alerts/parts.h"
#include "alerts/store.h"
#include "naba/alerts.h"

namespace naba::alerts {

struct Written {  // a delivered (alert, article) pair, not recorded yet
  const std::string* alert;
  std::string article;
  std::uint64_t ingest;
};

struct Done {  // an alert run, not recorded yet
  const Alert* alert = nullptr;
  // By part: before its first undelivered match there, else the batch's end.
  std::vector<std::uint64_t> cursors;
  std::size_t delivered = 0, pending = 0;
  std::string failure;  // of its channel; empty if none failed
  bool refused = false;
};

/** Records how far each alert in @p done has looked and how its delivery
 *  went, and the pairs @p written, in one transaction. */
void record(Store& store, const std::vector<Done>& done, const std::vector<Written>& written,
            const std::vector<Part>& parts, bool sharded);

}  // namespace naba::alerts
