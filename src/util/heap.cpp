#include "util/heap.h"

#include <malloc.h>

namespace gensr {

void keep_freed_memory() {
  // No block comes from mmap: blocks above glibc's largest mmap threshold (32 MiB on 64-bit)
  // would otherwise be mapped and unmapped on every step. Those are the attention scores of
  // long inputs (a 50-item history spelled in 4-token semantic IDs: 128 x 4 heads x 200 x
  // 200 floats = 82 MB), and faulting them in again was 90 % of such a step. glibc still
  // falls back to mmap when the heap cannot grow. The trim threshold and top pad keep the
  // heap from shrinking between steps.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  mallopt(M_TOP_PAD, 64 * 1024 * 1024);
}

}  // namespace gensr
