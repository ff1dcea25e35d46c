#pragma once

// Preemption (DESIGN.md "Distributed training"): SIGUSR1 (Slurm's warning before the time
// limit) and SIGTERM (scancel, node shutdown) only set a flag; the trainer polls it at step
// boundaries, where all ranks agree on it, write a checkpoint and exit kExitRequeue.

namespace gensr {

// Installs the handlers for SIGUSR1 and SIGTERM. Idempotent.
void install_stop_signals();
// True once SIGUSR1 or SIGTERM arrived since install (or the last clear).
bool stop_requested();
// The signal that set the flag (0 when none).
int stop_signal_number();
void clear_stop_request();

}  // namespace gensr
