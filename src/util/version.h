#pragma once

namespace gensr {
// Filled in at build time from the project version and `git rev-parse` (see cmake/version.cmake).
const char* version();
const char* git_commit();
}  // namespace gensr
