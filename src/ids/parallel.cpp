#include "ids/parallel.h"

#include <omp.h>

#include "util/error.h"

namespace gensr::ids {

void set_parallel_threads(int threads) {
  if (threads < 0) throw UsageError("--threads must be >= 0");
  if (threads > 0) omp_set_num_threads(threads);
}

}  // namespace gensr::ids
