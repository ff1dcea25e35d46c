#include "util/heap.h"

#include <malloc.h>

namespace gensr {

void keep_freed_memory() {
  // No block comes from mmap: blocks above glibc's largest mmap threshold (32 MiB on 64-bit)
  // would otherwise be mapped and unmapped on every step. Those are the attention scores of
  // long inputs (a 50-item history spelled in 4-token semantic IDs: 128 x 4 heads x 200 x
  // 200 floats = 82 MB), and faulting them in again was 90 % of such a step. glibc still
  // falls back to mmap when the heap cannot grow. Trimming is off (-1): with atomic IDs the
  // LM head's logits of a large catalogue exceed any threshold (128 x 2 x 2.26M floats =
  // 2.3 GB), and a heap trimmed after each step faulted them in again (36M page faults in 12
  // steps, most of the step). The top pad grows the heap in large steps.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, -1);
  mallopt(M_TOP_PAD, 64 * 1024 * 1024);
}

}  // namespace gensr
