// Printing alert deliveries (naba alert run, naba index --alerts).
#pragma once

#include <string>

#include "naba/alerts.h"

namespace naba::cli {

/** Prints @p d on stdout (text with @p marks, or one JSON object per match). */
void print_delivery(const AlertDelivery& d, bool json, const std::string& color);

/** Flushes and syncs stdout (AlertRunOptions::flush): throws Error(io) if that
 *  fails, so what was printed since the last flush is not recorded. */
void flush_alert_output();

}  // namespace naba::cli
