/** @file export.h
 *  NABA_API marks what libnaba exports; everything else stays inside the
 *  library (it is built with hidden visibility, as Xapian is).
 */
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define NABA_API __attribute__((visibility("default")))
#else
#define NABA_API
#endif
