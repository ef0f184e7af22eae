#!/bin/sh
# Guest half of the kasan detector self-check: load the module that must trip it.
modprobe detector_kasan && rmmod detector_kasan
