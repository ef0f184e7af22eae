#!/bin/sh
# Guest half of the odebug detector self-check: load the module that must trip it.
modprobe detector_odebug && rmmod detector_odebug
