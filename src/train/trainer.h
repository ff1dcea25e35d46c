#pragma once

#include <cstdint>
#include <vector>

#include "train/train_options.h"

namespace gensr {

class Communicator;
struct PreparedData;

struct TrainSummary {
  std::int64_t global_step = 0;  // optimizer steps taken in total (resumed ones included)
  std::int64_t total_steps = 0;  // steps of the whole schedule
  std::int64_t epochs_done = 0;
  bool resumed = false;        // continued from RUN_DIR/latest.h5
  bool stopped_early = false;  // stopped by max_steps before the last epoch ended
  bool preempted = false;      // SIGUSR1/SIGTERM: stopped at a step boundary with a checkpoint
  int stop_signal = 0;         // the signal that stopped it
  std::vector<double> losses;  // training loss of every step taken by this call
  std::vector<double> valid_recall;  // mean validation recall of each epoch ended by this call
  double best_metric = -1;
};

// Trains a T5 (options.arch "sasrec": a SASRec) on the tasks' training instances of `data`
// (DESIGN.md "Training defaults"), writing RUN_DIR/{config.json, log.jsonl, checkpoints/,
// latest.h5, best.h5} on rank 0, and resuming from RUN_DIR/latest.h5 when it exists. Every
// rank calls it; rank r trains on its slice of each global batch and gradients are summed over
// ranks before the update.
// Throws Error naming the step when the loss stops being finite.
TrainSummary train(const PreparedData& data, const TrainOptions& options, Communicator& comm);

}  // namespace gensr
