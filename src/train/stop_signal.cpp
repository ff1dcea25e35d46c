#include "train/stop_signal.h"

#include <csignal>

namespace gensr {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void on_stop_signal(int signal) { g_stop_signal = signal; }

}  // namespace

void install_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  // Restart interrupted system calls: the flag is polled, nothing needs to be woken.
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool stop_requested() { return g_stop_signal != 0; }
int stop_signal_number() { return g_stop_signal; }
void clear_stop_request() { g_stop_signal = 0; }

}  // namespace gensr
