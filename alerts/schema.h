// The alert store's tables, and the migration of stores made before a
// change to them.
#pragma once

#include "alerts/store.h"

namespace naba::alerts {

/** Creates the tables in @p store, or adds what an older store lacks (the
 *  alerts' channels and delivery state, and the cursors of shards, issue 20). */
void create_or_migrate(Store& store);

/** Whether @p store has the channel and delivery columns (a read-only store
 *  from before them has not). */
bool has_delivery_columns(Store& store);

}  // namespace naba::alerts
