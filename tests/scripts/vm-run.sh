#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel with an initramfs in QEMU (software emulation, 2 CPUs,
# $HSMON_VM_MEM MiB, default 1536) and keep its serial console in LOG:
#   vm-run.sh KERNEL INITRD LOG
# The VM powers itself off (reboot -f with -no-reboot); a VM that hangs is
# killed after $HSMON_VM_TIMEOUT seconds.
set -euo pipefail
. "$(dirname "$0")/common.sh"

kernel=$1 initrd=$2 log=$3
# Multi-threaded TCG runs each vCPU in its own host thread, but it does not
# keep cross-modifying code coherent: kernels with jump labels (the stock
# ones) then hit stale int3 breakpoints while static keys flip, as they
# do when netfilter hooks come and go ("Oops: int3", RCU stalls).
# HSMON_TCG_THREAD=single runs both vCPUs in one host thread instead.
accel=tcg,thread=${HSMON_TCG_THREAD:-multi}
[ -w /dev/kvm ] && [ "${HSMON_KVM:-0}" = 1 ] && accel=kvm

timeout --foreground "${HSMON_VM_TIMEOUT:-900}" \
	qemu-system-x86_64 -nodefaults -no-reboot -display none \
	-machine pc -accel $accel -cpu max -smp 2,sockets=2,cores=1,threads=1 -m "${HSMON_VM_MEM:-1536}" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=7 panic=-1 oops=panic slab_nomerge rdinit=/init" \
	-serial "file:$log" -monitor none </dev/null || true
