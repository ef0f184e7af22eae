#!/bin/sh
# Guest half of the atomic detector self-check: load the module that must trip it.
echo "1..1"
if modprobe detector_atomic && rmmod detector_atomic; then
	echo "ok 1 - detector_atomic loaded and removed"
else
	echo "not ok 1 - detector_atomic loaded and removed"
fi
