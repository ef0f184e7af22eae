/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Secrets kept out of argv: ${VAR} expansion of config file values, and
 * passwords read from a file or a systemd credential
 * ($CREDENTIALS_DIRECTORY/NAME, LoadCredential= in the unit).
 */
#ifndef IIOFWD_SECRET_H
#define IIOFWD_SECRET_H

#include <stddef.h>

/* The value of variable NAME, or NULL when it is not set. */
typedef const char *(*secret_env_fn)(const char *name, void *ctx);

/*
 * Expand ${NAME} (NAME: letters, digits, '_', not starting with a digit)
 * from env and "$$" to "$"; any other '$' stays as it is. An unset
 * variable, a bad name, a missing '}' or a result that does not fit in
 * size bytes is an error naming it. 0 or -1.
 */
int secret_expand(const char *in, char *out, size_t size, secret_env_fn env,
		  void *ctx, char *err, size_t errlen);

/*
 * The secret held in [data, data+len): one line, its newline ("\n" or
 * "\r\n") optional; empty, NUL bytes, further lines or more than size - 1
 * bytes are errors. 0 or -1.
 */
int secret_parse(const char *data, size_t len, char *out, size_t size,
		 char *err, size_t errlen);

/* secret_parse() of the regular file at path; errors name the file. */
int secret_read(const char *path, char *out, size_t size, char *err, size_t errlen);

/*
 * The path of systemd credential name in credsdir (NULL: not set, an
 * error saying LoadCredential= is needed). 0 or -1.
 */
int secret_cred_path(const char *name, const char *credsdir, char *out,
		     size_t size, char *err, size_t errlen);

#endif
