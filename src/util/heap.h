#pragma once

namespace gensr {

// Tells glibc's malloc to keep freed memory for reuse. By default it returns large blocks to
// the kernel (mmap threshold, heap trimming), and a training or decoding step that allocates
// and frees the same large tensors every step then page-faults them in again each time: on
// the 2-core VM that was about half of a tiny model's step (bench/training.md). Costs resident
// memory up to the step's peak, which the process needs anyway. Idempotent.
void keep_freed_memory();

}  // namespace gensr
