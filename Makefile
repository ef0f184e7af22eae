# SPDX-License-Identifier: GPL-2.0
#
# make              modules (against KDIR) and userspace
# make demo         the whole chain without the sensor: the chip simulator
#                   (sine), the driver, iiofwd and mosquitto in a QEMU guest;
#                   samples live, a summary and build/demo/accel.png
# make check        unit tests, lint, and every VM scenario on the stock, rt
#                   and debug kernels, with the detector self-checks and the
#                   KUnit suites (scripts/check.sh; prints the time of each)
# make vm-check     every VM scenario on the stock kernel only
# make vm-shell     boot the test VM with a shell on the console
# make check-rt     every scenario on Debian's PREEMPT_RT kernel
# make check-6.12   every scenario on Debian's 6.12 kernel
# make check-smp    the race scenarios on the PREEMPT_RT kernel, two vCPUs
# make check-debug  detector self-checks and every scenario on the debug kernel
# make lint         checkpatch --strict, sparse and W=1 on driver/
# make mutants      apply each deliberate defect of tests/mutants/ in turn
#                   and run the checks that should catch it; prints the
#                   survivors and the kill rate (not part of make check)

# The kernel the modules are built for. Default: the running kernel; when it
# has no build directory (a build host running another kernel), the Debian
# kernel the tests boot.
TEST_KVER := $(shell scripts/kver.sh stock 2>/dev/null)
ifeq ($(wildcard /lib/modules/$(shell uname -r)/build),)
KDIR ?= /lib/modules/$(TEST_KVER)/build
else
KDIR ?= /lib/modules/$(shell uname -r)/build
endif

SCENARIOS ?= $(sort $(wildcard tests/scenarios/[0-9]*.sh))

.PHONY: all modules userspace clean check unit lint vm-check vm-shell deps bench \
	check-rt check-smp check-6.12 check-debug mutants demo

all: modules userspace

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userspace:
	$(MAKE) -C userspace

deps:
	scripts/install-deps.sh

demo:
	demo/run

unit:
	$(MAKE) -C userspace check

lint:
	scripts/lint-driver.sh

vm-check:
	tests/vm/run $(SCENARIOS)

vm-shell:
	tests/vm/run --shell

check:
	scripts/check.sh

# One lane each. check-debug builds the debug kernel once per machine
# (cached in /var/cache/lis2dh-vm), proves each detector fires, then runs
# every scenario and the KUnit suites on it.
check-rt:
	VM_KERNEL=rt tests/vm/run $(SCENARIOS)

check-smp:
	CHECK_PARTS=smp scripts/check.sh

check-6.12:
	VM_KERNEL=6.12 tests/vm/run $(SCENARIOS)

check-debug:
	tests/vm/check-detectors
	VM_KERNEL=debug tests/vm/run $(SCENARIOS)

mutants:
	tests/mutants/run

bench:
	$(MAKE) -C userspace bench
	tests/vm/run $(sort $(wildcard bench/[0-9]*.sh))

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C userspace clean
	rm -rf build
