// naba alert run --every: durations, and SIGTERM/SIGINT that end the loop
// after the delivery in progress.
#pragma once

#include <string>

namespace naba::cli {

/** Seconds in "90", "90s", "15m", "2h" or "1d"; throws CLI::ValidationError
 *  naming the option for anything else (or zero). */
double parse_duration(const std::string& text, const std::string& option);

/** From now on SIGTERM and SIGINT only ask to stop (stop_requested). */
void catch_stop_signals();

/** True once SIGTERM or SIGINT has arrived (after catch_stop_signals). */
bool stop_requested();

/** Sleeps @p seconds, or less if a stop is requested. */
void sleep_unless_stopped(double seconds);

}  // namespace naba::cli
