#include "model/threads.h"

#include <ATen/Parallel.h>

namespace gensr {

int set_intra_op_threads(int n) {
  if (n > 0) at::set_num_threads(n);
  return at::get_num_threads();
}

}  // namespace gensr
