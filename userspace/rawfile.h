/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture file written by -o raw:FILE and played by -u replay:FILE: a text
 * header describing the device and its scan layout, then the scan records
 * exactly as the device delivered them.
 *
 *   iiofwd-raw 1
 *   device lis3dh
 *   rate 1344
 *   channel accel_x 0 le:s12/16>>4 0.009576 0
 *   ...            id index type scale offset [timestamp]
 *   scan-bytes 16
 *   end
 */
#ifndef IIOFWD_RAWFILE_H
#define IIOFWD_RAWFILE_H

#include <stdio.h>

#include "fmt.h"
#include "scan.h"

#define RAW_MAGIC "iiofwd-raw 1"

int rawfile_header(struct sbuf *b, const char *dev, double rate,
		   const struct scan_layout *l);
/* Reads and validates the header; f is left at the first record. */
int rawfile_read_header(FILE *f, char *dev, size_t devlen, double *rate,
			struct scan_layout *l, char *err, size_t errlen);

#endif
