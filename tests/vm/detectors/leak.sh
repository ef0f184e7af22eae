#!/bin/sh
# Guest half of the leak detector self-check: load the module that must trip it.
modprobe detector_leak && rmmod detector_leak
