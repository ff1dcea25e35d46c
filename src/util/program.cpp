#include "util/program.h"

#include <iostream>

#include "util/error.h"

namespace gensr {

int guarded_main(const std::string& program, const std::function<int()>& body,
                 const std::function<void(const std::string&, int)>& on_failure) {
  std::string message;
  int code = kExitError;
  try {
    return body();
  } catch (const Error& e) {
    message = e.what();
    code = e.exit_code();
  } catch (const std::exception& e) {
    message = e.what();
  }
  std::cerr << program << ": error: " << message << std::endl;
  if (on_failure) on_failure(message, code);
  return code;
}

}  // namespace gensr
