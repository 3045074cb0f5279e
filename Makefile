# SPDX-License-Identifier: GPL-2.0
#
# hsmon - TCP handshake monitor.
#
#   make                  build hsmon.ko against KDIR (the running kernel)
#   make install          install it into /lib/modules/<release>/extra, and the
#                         manual pages hsmonstat(8) and hsmon(7) (tools/Makefile)
#   make demo             boot a stock Debian kernel in QEMU and show hsmon work
#   make check            every test: KUnit and VM scenarios on tests/kernels
#   make check-long       the same with the long stress variants
#   make bench            measure hsmon's cost against no monitor and conntrack
#   make bench-native     the arms and the hook microbenchmark on the host CPU (UML)
#   make deps             install what the tests need (Debian, as root)
#   make fleet-check      check contrib/: alert rules, dashboard, systemd units
#   make deb              Debian packages hsmon-dkms and hsmon-tools in build/deb/

KDIR ?= /lib/modules/$(shell uname -r)/build
W ?= 1
HSMON_VERSION ?= $(shell git -C $(CURDIR) describe --always --dirty 2>/dev/null || echo 0.1)

KBUILD_FLAGS = -C $(KDIR) M=$(CURDIR) W=$(W) HSMON_VERSION=$(HSMON_VERSION) \
	       $(if $(HSMON_BENCH),HSMON_BENCH=$(HSMON_BENCH))

all: modules

modules:
	$(MAKE) $(KBUILD_FLAGS) modules

install: modules
	$(MAKE) $(KBUILD_FLAGS) INSTALL_MOD_DIR=extra CONFIG_MODULE_SIG_ALL= modules_install
	depmod -a $(shell $(MAKE) -s --no-print-directory -C $(KDIR) kernelrelease 2>/dev/null)
	$(MAKE) -C tools HSMON_VERSION=$(HSMON_VERSION) install-man

clean:
	$(MAKE) $(KBUILD_FLAGS) clean
	if [ -d tools ]; then $(MAKE) -C tools clean; fi
	rm -rf build

sparse:
	$(MAKE) $(KBUILD_FLAGS) C=2 modules

checkpatch:
	tests/scripts/checkpatch.sh

tools:
	$(MAKE) -C tools

deps:
	tests/scripts/deps.sh

demo: deps
	tests/scripts/demo.sh

check: deps
	tests/scripts/check.sh

# The same with the long variants (a 1,000,000-SYN flood of >= 30 s).
check-long: deps
	HSMON_LONG=1 tests/scripts/check.sh

# The alert rules (promtool), the dashboard's PromQL, the systemd units.
fleet-check:
	tests/scripts/fleet-check.sh

# hsmon-dkms and hsmon-tools (debian/), built in build/deb/.
deb:
	tests/scripts/deb.sh

# Cost of hsmon next to no monitor and nf_conntrack: bench/results.md.
bench: deps
	tests/scripts/bench.sh

# The arms and the hook microbenchmark on the host CPU, in User-mode Linux.
bench-native: deps
	tests/scripts/bench-native.sh

.PHONY: all modules install clean sparse checkpatch tools deps demo check check-long bench \
	bench-native fleet-check deb
