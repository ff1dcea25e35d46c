#pragma once

namespace gensr::ids {

// OpenMP threads for the sparse products and FAISS's k-means; 0 keeps OpenMP's default.
// OpenBLAS (pthread build) keeps its own count: OPENBLAS_NUM_THREADS.
void set_parallel_threads(int threads);

}  // namespace gensr::ids
