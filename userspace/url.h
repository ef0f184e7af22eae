/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output URLs:
 *   jsonl:-  jsonl:PATH  raw:PATH
 *   mqtt[s]://[user[:pass]@]host[:port]/prefix[?qos=0|1 (default 1)&format=json|influx
 *        &ca=FILE&cert=FILE&key=FILE&insecure=0|1&keepalive=S&id=CLIENTID
 *        &batch=N&password-file=FILE&password-credential=NAME
 *        &topic=TEMPLATE&status-topic=TEMPLATE&measurement=TEMPLATE&tag=K=V
 *        &proto=311|5&message-expiry=S (proto 5)]; mqtt5://, mqtts5:// = proto=5
 *   influx+tcp://host:port[?measurement=TEMPLATE&batch=N&tag=K=V]
 *   influx+udp://host:port[?measurement=TEMPLATE&tag=K=V]
 *   influx+http://host[:port (8086)][/]?bucket=B[&org=O&token-file=FILE
 *        &token-credential=NAME&token=T&measurement=TEMPLATE&batch=N&tag=K=V]
 * The prefix, topics, measurement and tag values are templates
 * (template.h); tag= is repeatable.
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
#define URL_TOKEN_LEN	512
#define URL_MAX_TAGS	8
#define TAG_KEY_LEN	64
#define TAG_VAL_LEN	128

/* A tag (line protocol) or member of "tags" (JSON); val is a template. */
struct tag {
	char key[TAG_KEY_LEN];
	char val[TAG_VAL_LEN];
};

enum out_kind { OUT_JSONL, OUT_RAW, OUT_MQTT, OUT_INFLUX_TCP, OUT_INFLUX_UDP,
		OUT_INFLUX_HTTP };
enum out_format { FMT_JSON, FMT_INFLUX };

struct out_url {
	enum out_kind kind;
	char path[URL_PATH_LEN];	/* jsonl/raw; "-" is stdout */
	char host[URL_HOST_LEN];
	unsigned int port;
	char user[URL_CRED_LEN];
	char pass[URL_CRED_LEN];
	bool has_user, has_pass;
	char pass_file[URL_PATH_LEN];	/* password-file= (token-file=): read by config */
	char pass_cred[URL_NAME_LEN];	/* password-credential= (token-credential=) */
	char token[URL_TOKEN_LEN];	/* influx+http: API token, "" = none */
	char org[URL_NAME_LEN], bucket[URL_NAME_LEN];	/* influx+http */
	char prefix[URL_NAME_LEN];	/* mqtt topic prefix */
	int qos;
	int proto;			/* mqtt: 4 (3.1.1) or 5 */
	unsigned int message_expiry;	/* mqtt 5: s, 0 = none */
	enum out_format format;
	bool tls, insecure;
	char ca[URL_PATH_LEN], cert[URL_PATH_LEN], key[URL_PATH_LEN];
	unsigned int keepalive;
	char client_id[URL_NAME_LEN];
	char measurement[URL_NAME_LEN];	/* template */
	char topic[URL_NAME_LEN + 32];	/* mqtt data topic template, "" = prefix/{dev}/accel */
	char status_topic[URL_NAME_LEN + 32]; /* "" = prefix/{dev}/status */
	unsigned int batch;		/* samples per payload */
	unsigned int ntags;
	struct tag tags[URL_MAX_TAGS];
};

/*
 * Parse KEY=VALUE into t (what tag= and --tag take): 0, or -1 with err
 * naming the problem (empty, too long, reserved key "dev", bad template).
 */
int tag_parse(const char *s, struct tag *t, char *err, size_t errlen);
/* Append t to tags[*n] (at most max); a key given twice is an error. */
int tag_add(struct tag *tags, unsigned int *n, unsigned int max,
	    const struct tag *t, char *err, size_t errlen);

/* 0, or -1 with a message in err naming what is wrong. */
int url_parse(const char *s, struct out_url *u, char *err, size_t errlen);

/* The URL without password, for logs and metric labels. */
void url_display(const struct out_url *u, char *buf, size_t len);

#endif
