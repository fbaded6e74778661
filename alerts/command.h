// The --exec channel: a shell command that reads one alert message on its
// standard input.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace naba::alerts {

/** Runs `/bin/sh -c @p command` with @p input on its standard input, its
 *  standard output sent to our standard error (ours may carry other alerts),
 *  and @p env added to the environment. Returns "" when it exits 0, else why
 *  not ("exit status 3", "killed after 10 s"...). */
std::string run_command(const std::string& command, const std::string& input,
                        const std::vector<std::pair<std::string, std::string>>& env,
                        double timeout_seconds);

}  // namespace naba::alerts
