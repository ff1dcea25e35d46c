#!/usr/bin/env bash
# A real one-node Slurm on this machine, for tests and trials (notes: slurm-local.md):
#   cluster/local_slurm.sh up DIR     writes DIR/slurm.conf, starts munged (when not running),
#                                     slurmctld and slurmd, waits until the node is idle
#   cluster/local_slurm.sh down DIR   stops what `up` started, by the pids in DIR
# Clients need SLURM_CONF=DIR/slurm.conf. Needs root and the packages slurmctld slurmd
# slurm-client munge (scripts/setup.sh installs them).
set -euo pipefail
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 up|down DIR" >&2; exit 2; }
dir=$(realpath -m "$dir")

stop_pidfile() {
  local f=$1
  [ -s "$f" ] || return 0
  local pid
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  echo "$pid"
}

if [ "$cmd" = down ]; then
  pids=()
  for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid.ours"; do
    p=$(stop_pidfile "$f") && [ -n "$p" ] && pids+=("$p")
  done
  # Each daemon takes ~2 s to stop: signal all first, then wait for them together.
  for p in "${pids[@]}"; do
    timeout 20 sh -c "while kill -0 $p 2>/dev/null; do sleep 0.2; done" || kill -9 "$p" 2>/dev/null || true
  done
  rm -f "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid.ours"
  exit 0
fi
[ "$cmd" = up ] || { echo "$0: unknown command $cmd" >&2; exit 2; }

for p in slurmctld slurmd munged sinfo; do
  command -v "$p" >/dev/null || PATH=$PATH:/usr/sbin
  command -v "$p" >/dev/null || { echo "$0: $p not found: install slurmctld slurmd slurm-client munge (scripts/setup.sh)" >&2; exit 1; }
done
for daemon in slurmctld slurmd; do
  if pid=$(pgrep -x "$daemon"); then
    echo "$0: a $daemon is already running (pid $pid); stop it first (its ports would clash)" >&2
    exit 1
  fi
done
mkdir -p "$dir/ctld" "$dir/d"

# munge: one daemon serves every Slurm on the machine; start it only when none answers.
if ! munge -n </dev/null >/dev/null 2>&1; then
  install -d -o munge -g munge /run/munge
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
  cp /run/munge/munged.pid "$dir/munged.pid.ours"
fi

node=$(slurmd -C | head -n 1)
host=$(hostname -s)
cpus=$(nproc)
[ "$cpus" -ge 4 ] || cpus=4  # declared CPUs beyond the cores need config_overrides (below)
cat > "$dir/slurm.conf" <<CONF
ClusterName=gensr-local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
AuthInfo=cred_expire=10
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/d
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=pmix
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=5
SchedulerParameters=sched_interval=2,bf_interval=2
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
$(echo "$node" | sed -E "s/CPUs=[0-9]+/CPUs=$cpus/; s/ (Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore)=[0-9]+//g") State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
if ! timeout 60 sh -c 'until sinfo -h -o %T 2>/dev/null | grep -qx idle; do sleep 0.5; done'; then
  echo "$0: the node did not become idle in 60 s:" >&2
  sinfo -R >&2 || true
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
  exit 1
fi
echo "local Slurm up: SLURM_CONF=$SLURM_CONF"
