#!/bin/sh
# Guest half of the lockdep detector self-check: load the module that must trip it.
echo "1..1"
if modprobe detector_lockdep && rmmod detector_lockdep; then
	echo "ok 1 - detector_lockdep loaded and removed"
else
	echo "not ok 1 - detector_lockdep loaded and removed"
fi
