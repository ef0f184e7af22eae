#!/bin/sh
# Guest half of the leak detector self-check: load the module that must trip it.
echo "1..1"
if modprobe detector_leak && rmmod detector_leak; then
	echo "ok 1 - detector_leak loaded and removed"
else
	echo "not ok 1 - detector_leak loaded and removed"
fi
