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
# make check-arm64  the arm64 lane's scenarios (scripts/check.sh's
#                   ARM64_SCENARIOS) on Debian's arm64 kernel, qemu -M virt
# make check-smp    the race scenarios on the PREEMPT_RT kernel, two vCPUs
# make check-debug  detector self-checks and every scenario on the debug kernel
# make check-system the packages on a Debian bookworm image with systemd and
#                   udev, booted on the stock kernel (tests/system/run)
# make lint         checkpatch --strict, sparse and W=1 on driver/
# make install      iiofwd, its man page, unit, udev rule, sysusers entry and
#                   example config, the modprobe policy and the driver's DKMS
#                   source (DESTDIR, PREFIX; packaging/README.md says where)
# make uninstall    remove what make install installed
# make deb          lis2dh-dkms and iiofwd packages in build/deb/
#                   (packaging/deb.sh: debhelper, from a copy under build/)
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
	check-rt check-smp check-6.12 check-arm64 check-debug check-system mutants demo \
	install install-iiofwd install-dkms uninstall deb dtbo

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

check-arm64:
	CHECK_PARTS=arm64 scripts/check.sh

check-debug:
	tests/vm/check-detectors
	VM_KERNEL=debug tests/vm/run $(SCENARIOS)

check-system:
	tests/system/run

mutants:
	tests/mutants/run

# the capture, old-way and latency benchmarks in one VM run, iiofwd on the
# host, tables and plots in bench/results/ (bench/run.sh)
bench:
	bench/run.sh

# Installation. The binary and man page go under PREFIX; the unit, udev,
# sysusers and modprobe files go where systemd, udev and kmod read them
# whatever PREFIX is (the unit's ExecStart= names $(BINDIR)/iiofwd).
VERSION := $(shell sed -n 's/^VERSION := //p' userspace/Makefile)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
EXAMPLEDIR ?= $(DATADIR)/doc/iiofwd/examples
SYSTEMDUNITDIR ?= $(or $(shell pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null),/lib/systemd/system)
UDEVDIR ?= $(or $(shell pkg-config --variable=udevdir udev 2>/dev/null),/lib/udev)
SYSUSERSDIR ?= /usr/lib/sysusers.d
MODPROBEDIR ?= /usr/lib/modprobe.d
DKMSSRCDIR ?= /usr/src/lis2dh-$(VERSION)
OVERLAYDIR ?= $(DATADIR)/lis2dh/overlays
DRIVER_SRCS := driver/Kbuild $(wildcard driver/*.c driver/*.h)

# The Raspberry Pi overlay (dts/README.md), compiled when dtc is there.
dtbo: build/dtbo/lis3dh.dtbo
build/dtbo/lis3dh.dtbo: dts/rpi-lis3dh-overlay.dts dts/lis3dh-node.dtsi
	mkdir -p $(@D)
	cd dts && dtc -q -@ -Wno-unit_address_vs_reg -I dts -O dtb -o $(CURDIR)/$@ rpi-lis3dh-overlay.dts

install: install-iiofwd install-dkms
	@if [ -z "$(DESTDIR)" ]; then \
		command -v systemd-sysusers >/dev/null && systemd-sysusers $(SYSUSERSDIR)/iiofwd.conf; \
		command -v udevadm >/dev/null && udevadm control --reload 2>/dev/null && \
			udevadm trigger --subsystem-match=iio --action=change; \
		command -v systemctl >/dev/null && systemctl daemon-reload 2>/dev/null; \
		echo "install: the driver: dkms install lis2dh/$(VERSION)"; \
		echo "install: then configure /etc/iiofwd/NAME.conf (see $(EXAMPLEDIR)/iiofwd.conf)"; \
	fi; true

install-iiofwd: userspace
	install -D -m 0755 userspace/iiofwd $(DESTDIR)$(BINDIR)/iiofwd
	install -D -m 0644 packaging/man/iiofwd.1 $(DESTDIR)$(MANDIR)/man1/iiofwd.1
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's,/usr/bin/iiofwd,$(BINDIR)/iiofwd,' packaging/systemd/iiofwd@.service \
		>$(DESTDIR)$(SYSTEMDUNITDIR)/iiofwd@.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/iiofwd@.service
	install -D -m 0644 packaging/udev/60-iiofwd.rules $(DESTDIR)$(UDEVDIR)/rules.d/60-iiofwd.rules
	install -D -m 0755 packaging/udev/iiofwd-iio-perms $(DESTDIR)$(UDEVDIR)/iiofwd-iio-perms
	install -D -m 0644 packaging/sysusers.d/iiofwd.conf $(DESTDIR)$(SYSUSERSDIR)/iiofwd.conf
	install -D -m 0644 packaging/iiofwd/example.conf $(DESTDIR)$(EXAMPLEDIR)/iiofwd.conf
	install -d -m 0755 $(DESTDIR)/etc/iiofwd

# The driver's source for DKMS, the modprobe policy and the overlay.
install-dkms:
	install -d $(DESTDIR)$(DKMSSRCDIR)/driver
	install -m 0644 $(DRIVER_SRCS) $(DESTDIR)$(DKMSSRCDIR)/driver/
	sed 's/#MODULE_VERSION#/$(VERSION)/' packaging/dkms/dkms.conf >$(DESTDIR)$(DKMSSRCDIR)/dkms.conf
	chmod 0644 $(DESTDIR)$(DKMSSRCDIR)/dkms.conf
	install -D -m 0644 packaging/modprobe.d/lis2dh.conf $(DESTDIR)$(MODPROBEDIR)/lis2dh.conf
	if command -v dtc >/dev/null; then \
		$(MAKE) --no-print-directory dtbo && \
		install -D -m 0644 build/dtbo/lis3dh.dtbo $(DESTDIR)$(OVERLAYDIR)/lis3dh.dtbo; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/iiofwd $(DESTDIR)$(MANDIR)/man1/iiofwd.1 \
		$(DESTDIR)$(SYSTEMDUNITDIR)/iiofwd@.service \
		$(DESTDIR)$(UDEVDIR)/rules.d/60-iiofwd.rules $(DESTDIR)$(UDEVDIR)/iiofwd-iio-perms \
		$(DESTDIR)$(SYSUSERSDIR)/iiofwd.conf $(DESTDIR)$(EXAMPLEDIR)/iiofwd.conf \
		$(DESTDIR)$(MODPROBEDIR)/lis2dh.conf $(DESTDIR)$(OVERLAYDIR)/lis3dh.dtbo
	rm -rf $(DESTDIR)$(DKMSSRCDIR)
	-rmdir $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(OVERLAYDIR) 2>/dev/null
	@echo "uninstall: kept /etc/iiofwd, /var/lib/iiofwd and the iiofwd user;" \
		"a module built by DKMS: dkms remove lis2dh/$(VERSION) --all (before this)"

deb:
	packaging/deb.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C userspace clean
	rm -rf build
