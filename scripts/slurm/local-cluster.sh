#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for testing scripts/slurm/sweep.sbatch for real.
#
#   scripts/slurm/local-cluster.sh start    # prints the SLURM_CONF line to export
#   scripts/slurm/local-cluster.sh stop
#
# Needs root on Debian. Installs slurm-wlm and munge from Debian's packages when missing,
# starts munged, slurmctld and slurmd directly (no systemd, no cgroups: proctrack/linuxproc,
# task/none), with state, logs and pidfiles in $COEXIST_SLURM_DIR (default /tmp/coexist-slurm).
# `stop` ends exactly the daemons that `start` started, by the PIDs in their pidfiles.
set -euo pipefail

dir=${COEXIST_SLURM_DIR:-/tmp/coexist-slurm}
conf="$dir/slurm.conf"

die() { echo "local-cluster: $*" >&2; exit 1; }

install_packages() {
    command -v slurmctld >/dev/null && command -v munged >/dev/null && return
    [ "$(id -u)" -eq 0 ] || die "installing slurm-wlm and munge needs root"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q slurm-wlm munge >/dev/null 2>&1 || {
        apt-get update -q >/dev/null
        apt-get install -y -q slurm-wlm munge >/dev/null
    }
}

start_munge() {
    if [ ! -s /etc/munge/munge.key ]; then
        mkdir -p /etc/munge
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    fi
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    chmod 755 /run/munge
    if [ -f /run/munge/munged.pid ] && kill -0 "$(cat /run/munge/munged.pid)" 2>/dev/null; then
        return
    fi
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do
        [ -S /run/munge/munge.socket.2 ] && break
        sleep 0.1
    done
    cp /run/munge/munged.pid "$dir/munged.pid"
}

write_conf() {
    local host cpus mem
    host=$(hostname -s)
    cpus=$(nproc)
    # A bit less than the memory that is free now, in MB.
    mem=$(awk '/MemAvailable/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
    mkdir -p "$dir/state" "$dir/spool" "$dir/log"
    cat > "$conf" <<CONF
ClusterName=coexist
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
    [ "$(id -u)" -eq 0 ] || die "start needs root"
    install_packages
    mkdir -p "$dir"
    write_conf
    start_munge
    export SLURM_CONF="$conf"
    slurmctld -f "$conf"
    slurmd -f "$conf"
    for _ in $(seq 100); do
        if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
            echo "export SLURM_CONF=$conf"
            return
        fi
        sleep 0.2
    done
    tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
    die "the node did not become idle; logs above"
}

stop() {
    local pidfile pid
    for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -f "$pidfile"
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) die "usage: $0 start|stop" ;;
esac
