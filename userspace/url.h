/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output URLs:
 *   jsonl:-  jsonl:PATH  raw:PATH
 *   mqtt[s]://[user[:pass]@]host[:port]/prefix[?qos=0|1 (default 1)&format=json|influx
 *        &ca=FILE&cert=FILE&key=FILE&insecure=0|1&keepalive=S&id=CLIENTID
 *        &batch=N&password-file=FILE&password-credential=NAME]
 *   influx+tcp://host:port[?measurement=NAME&batch=N]
 *   influx+udp://host:port[?measurement=NAME]
 */
#ifndef IIOFWD_URL_H
#define IIOFWD_URL_H

#include <stdbool.h>
#include <stddef.h>

#define URL_MAX_LEN	1024
#define URL_PATH_LEN	512
#define URL_HOST_LEN	256
#define URL_CRED_LEN	128
#define URL_NAME_LEN	128

enum out_kind { OUT_JSONL, OUT_RAW, OUT_MQTT, OUT_INFLUX_TCP, OUT_INFLUX_UDP };
enum out_format { FMT_JSON, FMT_INFLUX };

struct out_url {
	enum out_kind kind;
	char path[URL_PATH_LEN];	/* jsonl/raw; "-" is stdout */
	char host[URL_HOST_LEN];
	unsigned int port;
	char user[URL_CRED_LEN];
	char pass[URL_CRED_LEN];
	bool has_user, has_pass;
	char pass_file[URL_PATH_LEN];	/* password-file=: read by config */
	char pass_cred[URL_NAME_LEN];	/* password-credential=: systemd */
	char prefix[URL_NAME_LEN];	/* mqtt topic prefix */
	int qos;
	enum out_format format;
	bool tls, insecure;
	char ca[URL_PATH_LEN], cert[URL_PATH_LEN], key[URL_PATH_LEN];
	unsigned int keepalive;
	char client_id[URL_NAME_LEN];
	char measurement[URL_NAME_LEN];
	unsigned int batch;		/* samples per payload */
};

/* 0, or -1 with a message in err naming what is wrong. */
int url_parse(const char *s, struct out_url *u, char *err, size_t errlen);

/* The URL without password, for logs and metric labels. */
void url_display(const struct out_url *u, char *buf, size_t len);

#endif
