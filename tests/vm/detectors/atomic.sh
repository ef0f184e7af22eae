#!/bin/sh
# Guest half of the atomic detector self-check: load the module that must trip it.
modprobe detector_atomic && rmmod detector_atomic
