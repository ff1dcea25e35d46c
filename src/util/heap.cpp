#include "util/heap.h"

#include <malloc.h>

namespace gensr {

void keep_freed_memory() {
  // 32 MiB is glibc's largest mmap threshold on 64-bit; setting it also stops glibc from
  // adjusting it. Blocks above it still come from mmap, so the top pad and trim threshold
  // keep the heap from shrinking between steps.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  mallopt(M_TOP_PAD, 64 * 1024 * 1024);
}

}  // namespace gensr
