// Printing alert deliveries (naba alert run, naba index --alerts).
#pragma once

#include <string>

#include "naba/alerts.h"

namespace naba::cli {

/** Prints @p d on stdout (text with @p marks, or one JSON object per match)
 *  and flushes it to the file or pipe: throws Error(io) if that fails, so the
 *  delivery is not recorded. */
void print_delivery(const AlertDelivery& d, bool json, const std::string& color);

}  // namespace naba::cli
