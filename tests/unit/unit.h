/* SPDX-License-Identifier: GPL-2.0 */
/* Common includes for the cmocka unit tests of iiofwd. */
#ifndef IIOFWD_UNIT_H
#define IIOFWD_UNIT_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#endif
