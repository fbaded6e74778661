/** @file version.h
 *  The version of libnaba.
 */
#pragma once

#include "naba/export.h"

/** The version these headers belong to, as major * 10000 + minor * 100 + patch. */
#define NABA_VERSION 100

namespace naba {

/** The version of the library linked at run time, e.g. "0.1.0". */
NABA_API const char* version() noexcept;

}  // namespace naba
