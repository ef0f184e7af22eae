#!/bin/sh
# Guest half of the lockdep detector self-check: load the module that must trip it.
modprobe detector_lockdep && rmmod detector_lockdep
