// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "secret.h"

#define ERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

#define VAR_NAME_MAX	128

static bool name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

int secret_expand(const char *in, char *out, size_t size, secret_env_fn env,
		  void *ctx, char *err, size_t errlen)
{
	size_t o = 0;

	if (!size)
		ERR("no room");
	while (*in) {
		const char *add = in;
		size_t n = 1;
		char name[VAR_NAME_MAX];

		if (in[0] == '$' && in[1] == '$') {
			in += 2;
		} else if (in[0] == '$' && in[1] == '{') {
			const char *p = in + 2, *end;

			if (!name_start(*p))
				ERR("bad variable name after '${' (letters, digits and '_')");
			for (end = p; name_char(*end); end++)
				;
			if (*end != '}')
				ERR("'${%.*s' is not closed by '}'", (int)(end - p), p);
			if ((size_t)(end - p) >= sizeof(name))
				ERR("variable name too long (max %zu)", sizeof(name) - 1);
			memcpy(name, p, (size_t)(end - p));
			name[end - p] = '\0';
			add = env(name, ctx);
			if (!add)
				ERR("environment variable %s is not set", name);
			n = strlen(add);
			in = end + 1;
		} else {
			in++;
		}
		if (n >= size - o)
			ERR("value too long after expanding variables (max %zu)", size - 1);
		memcpy(out + o, add, n);
		o += n;
	}
	out[o] = '\0';
	return 0;
}

int secret_parse(const char *data, size_t len, char *out, size_t size,
		 char *err, size_t errlen)
{
	if (len && data[len - 1] == '\n') {
		len--;
		if (len && data[len - 1] == '\r')
			len--;
	}
	if (!len)
		ERR("is empty");
	if (memchr(data, '\0', len))
		ERR("contains a NUL byte");
	if (memchr(data, '\n', len) || memchr(data, '\r', len))
		ERR("has more than one line");
	if (len >= size)
		ERR("is too long (max %zu bytes)", size - 1);
	memcpy(out, data, len);
	out[len] = '\0';
	return 0;
}

int secret_read(const char *path, char *out, size_t size, char *err, size_t errlen)
{
	char buf[1024], msg[128];
	struct stat st;
	ssize_t n;
	size_t len = 0;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		ERR("%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		ERR("%s: not a regular file", path);
	}
	if (st.st_mode & S_IROTH)
		log_warn("%s: readable by every user (chmod o-r)", path);
	do {
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n > 0)
			len += (size_t)n;
	} while ((n > 0 || (n < 0 && errno == EINTR)) && len < sizeof(buf));
	ret = n < 0 ? errno : 0;
	close(fd);
	if (ret)
		ERR("%s: %s", path, strerror(ret));
	ret = secret_parse(buf, len, out, size < sizeof(buf) ? size : sizeof(buf),
			   msg, sizeof(msg));
	explicit_bzero(buf, sizeof(buf));
	if (ret)
		ERR("%s: %s", path, msg);
	return 0;
}

int secret_cred_path(const char *name, const char *credsdir, char *out,
		     size_t size, char *err, size_t errlen)
{
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		ERR("bad credential name '%s'", name);
	if (!credsdir || !*credsdir)
		ERR("credential '%s': $CREDENTIALS_DIRECTORY is not set (LoadCredential=%s:FILE in the unit)",
		    name, name);
	if ((size_t)snprintf(out, size, "%s/%s", credsdir, name) >= size)
		ERR("credential '%s': path too long", name);
	return 0;
}
