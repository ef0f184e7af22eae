#!/bin/sh
# Sum the "passed failed" pairs recorded by the check stages.
awk '{ p += $1; f += $2 } END { printf "%d passed, %d failed\n", p, f; exit f > 0 }' "$1"
