// The messages an alert's channel receives: JSON bodies (docs/alerts.md),
// one per match or one digest per run, each with its idempotency key.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "naba/alerts.h"

namespace naba::alerts {

struct Message {
  std::string body;  ///< the JSON, one line
  /** Stable for the same (alert, article), or the same digest, across
   *  retries and runs: a receiver drops repeats by it. */
  std::string idempotency_key;
  /** Which of the delivery's matches it carries (indexes). */
  std::vector<std::size_t> matches;
};

/** The messages of @p delivery in run @p run_id: one per match, or one
 *  digest when the alert's channel asks for it. */
std::vector<Message> messages_for(const AlertDelivery& delivery, const std::string& run_id);

/** A run's id: its UTC start and random hex, e.g. "20261205T122000Z-9f3a1c2b". */
std::string new_run_id();

}  // namespace naba::alerts
