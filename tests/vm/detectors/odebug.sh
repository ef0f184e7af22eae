#!/bin/sh
# Guest half of the odebug detector self-check: load the module that must trip it.
echo "1..1"
if modprobe detector_odebug && rmmod detector_odebug; then
	echo "ok 1 - detector_odebug loaded and removed"
else
	echo "not ok 1 - detector_odebug loaded and removed"
fi
