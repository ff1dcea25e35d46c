#pragma once

#include <functional>
#include <string>

namespace gensr {

// Runs a program's body and turns what it throws into the documented exit codes, printing
// `<program>: error: <message>` to stderr. `on_failure` (if set) is called with the message
// and exit code before returning; distributed programs use it to end the whole job.
int guarded_main(const std::string& program, const std::function<int()>& body,
                 const std::function<void(const std::string&, int)>& on_failure = {});

}  // namespace gensr
