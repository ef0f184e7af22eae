#!/bin/sh
# Guest half of the kasan detector self-check: load the module that must trip it.
echo "1..1"
if modprobe detector_kasan && rmmod detector_kasan; then
	echo "ok 1 - detector_kasan loaded and removed"
else
	echo "not ok 1 - detector_kasan loaded and removed"
fi
