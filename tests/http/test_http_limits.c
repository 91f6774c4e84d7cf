/*
 * test_http_limits.c - the server layer's limits (http.h, http_limits):
 * the flags and their defaults, the budget from the file limit, a cap
 * over it refused, the header and body deadlines cutting a client that
 * trickles, the write deadline cutting a client that does not read,
 * quiesce refusing new connections while a kept-alive one is
 * answered with Connection: close. The end-to-end load tests are in
 * tests/serve_load.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"

#define BIG_ANSWER (32u << 20) /* more than any socket buffers */

static void hello(void *arg, const http_request *req, http_response *resp)
{
	(void)arg;
	if (strcmp(req->path, "/big") == 0 && (resp->body = calloc(1, BIG_ANSWER))) {
		resp->status = 200;
		resp->len = BIG_ANSWER;
		return;
	}
	http_response_text(resp, 200, "hello\n");
}

static http_user user;

static http_server *start(const http_limits *l)
{
	char err[HTTP_ERRLEN] = "";
	http_server *s;

	cr_assert_eq(http_user_parse("u:p", &user), 0);
	s = http_server_start(&(http_server_opts){.listen = "127.0.0.1:0",
						  .users = &user,
						  .n_users = 1,
						  .handle = hello,
						  .limits = *l},
			      err, sizeof err);
	cr_assert(s, "server: %s", err);
	return s;
}

static int raw_connect(const http_server *s)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(http_server_port(s))};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_geq(fd, 0);
	cr_assert_eq(inet_pton(AF_INET, "127.0.0.1", &a.sin_addr), 1);
	cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	return fd;
}

/* Wait (bounded: a correctness bound, not a speed goal) for the server to
 * close fd; true when it did. */
static bool closed_by_server(int fd, int max_s)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char buf[512];

	while (poll(&p, 1, max_s * 1000) > 0) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);

		if (n <= 0)
			return true;
	}
	return false;
}

/* The counters once the server has seen every connection close. */
static void settled_stats(http_server *s, http_server_stats *st)
{
	for (int i = 0; i < 250; i++) {
		http_server_get_stats(s, st);
		if (st->open == 0)
			return;
		usleep(20000);
	}
}

static void init(void)
{
	cr_assert_eq(http_global_init(), 0);
}

static void fini(void)
{
	http_global_cleanup();
}

TestSuite(http_limits, .init = init, .fini = fini);

Test(http_limits, flags_parse_and_refuse)
{
	http_limits l = {0};
	char err[HTTP_ERRLEN];

	cr_assert_eq(http_limits_flag(&l, "--max-conns", "5000", err, sizeof err), 0);
	cr_assert_eq(http_limits_flag(&l, "--per-ip", "8", err, sizeof err), 0);
	cr_assert_eq(http_limits_flag(&l, "--header-timeout", "2m", err, sizeof err), 0);
	cr_assert_eq(http_limits_flag(&l, "--write-timeout", "7s", err, sizeof err), 0);
	cr_assert_eq(http_limits_flag(&l, "--min-body-rate", "100", err, sizeof err), 0);
	cr_assert_eq(http_limits_flag(&l, "--threads", "3", err, sizeof err), 0);
	cr_assert_eq(l.max_conns, 5000);
	cr_assert_eq(l.per_ip, 8);
	cr_assert_eq(l.header_timeout_s, 120);
	cr_assert_eq(l.write_timeout_s, 7);
	cr_assert_eq(l.min_body_rate, 100);
	cr_assert_eq(l.threads, 3);
	cr_assert_eq(http_limits_flag(&l, "--listen", "x", err, sizeof err), 1);
	for (const char *const *v = (const char *const[]){"0", "-1", "5x", "", "3h", NULL}; *v;
	     v++) {
		cr_assert_eq(http_limits_flag(&l, "--header-timeout", *v, err, sizeof err), -1,
			     "%s", *v);
		cr_assert(strstr(err, "--header-timeout"), "%s", err);
	}
	cr_assert_eq(http_limits_flag(&l, "--threads", "999", err, sizeof err), -1);
	cr_assert_eq(http_limits_flag(&l, "--per-ip", "1s", err, sizeof err), -1);
	cr_assert_eq(http_limits_flag(&l, "--per-ip", NULL, err, sizeof err), -1);
}

Test(http_limits, budget_is_the_raised_file_limit)
{
	struct rlimit rl;
	unsigned b = http_conn_budget();

	cr_assert_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	/* Raised to the hard limit (no privilege needed for that). */
	cr_assert_eq(rl.rlim_cur, rl.rlim_max);
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 10000000)
		cr_assert_eq(b, (unsigned)rl.rlim_cur - HTTP_FD_RESERVE);
	cr_assert_geq(http_default_threads(), 2);
	cr_assert_leq(http_default_threads(), 8);
}

Test(http_limits, defaults_in_force_and_a_cap_over_the_budget_refused)
{
	http_server *s = start(&(http_limits){0});
	http_server_stats st;
	char err[HTTP_ERRLEN] = "";

	http_server_get_stats(s, &st);
	cr_assert_eq(st.max_conns, http_conn_budget());
	cr_assert_eq(st.threads, http_default_threads());
	cr_assert_eq(st.open, 0);
	http_server_stop(s);
	cr_assert_null(
	    http_server_start(&(http_server_opts){.listen = "127.0.0.1:0",
						  .handle = hello,
						  .limits = {.max_conns = http_conn_budget() + 1}},
			      err, sizeof err));
	cr_assert(strstr(err, "file limit"), "%s", err);
}

Test(http_limits, a_trickling_header_is_cut_at_its_deadline)
{
	http_server *s = start(&(http_limits){.header_timeout_s = 1, .threads = 2});
	int fd = raw_connect(s);
	http_server_stats st;
	bool cut;

	/* One header line, then nothing more: an idle timeout would wait 30 s
	 * from the last byte; the deadline counts from the first. */
	cr_assert_gt(send(fd, "POST / HTTP/1.1\r\nHost: x\r\n", 26, MSG_NOSIGNAL), 0);
	cr_assert_gt(send(fd, "X-A: b\r\n", 8, MSG_NOSIGNAL), 0);
	cut = closed_by_server(fd, 20);
	close(fd);
	cr_assert(cut, "the server never closed the trickling connection");
	settled_stats(s, &st);
	cr_assert_eq(st.cut_header, 1);
	cr_assert_eq(st.cut_body + st.cut_write + st.cut_idle, 0);
	http_server_stop(s);
}

Test(http_limits, a_slow_body_is_cut_by_the_minimum_rate)
{
	http_server *s = start(&(http_limits){.header_timeout_s = 1, .min_body_rate = 1000});
	int fd = raw_connect(s);
	static const char head[] = "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic dTpw\r\n"
				   "Content-Length: 100000\r\n\r\nabc";
	http_server_stats st;

	cr_assert_gt(send(fd, head, sizeof head - 1, MSG_NOSIGNAL), 0);
	cr_assert(closed_by_server(fd, 20), "the server never closed the slow body");
	close(fd);
	settled_stats(s, &st);
	cr_assert_eq(st.cut_body, 1);
	cr_assert_eq(st.in_flight, 0);
	http_server_stop(s);
}

Test(http_limits, a_client_that_does_not_read_is_cut_at_the_write_deadline)
{
	http_server *s = start(&(http_limits){.write_timeout_s = 1});
	int fd = raw_connect(s), small = 4096;
	static const char req[] =
	    "GET /big HTTP/1.1\r\nHost: x\r\nAuthorization: Basic dTpw\r\n\r\n";
	http_server_stats st = {0};

	cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
	cr_assert_gt(send(fd, req, sizeof req - 1, MSG_NOSIGNAL), 0);
	/* Never read: the answer stalls in the buffers; bounded wait. */
	for (int i = 0; i < 1000 && st.cut_write == 0; i++) {
		usleep(20000);
		http_server_get_stats(s, &st);
	}
	close(fd);
	cr_assert_eq(st.cut_write, 1, "the stalled answer was never cut");
	cr_assert_eq(st.cut_header + st.cut_body, 0);
	http_server_stop(s);
}

Test(http_limits, quiesce_refuses_new_connections_and_closes_kept_ones)
{
	http_server *s = start(&(http_limits){0});
	char base[64], err[HTTP_ERRLEN] = "", v[32];
	http_client *c, *late;
	http_reply r;

	snprintf(base, sizeof base, "http://127.0.0.1:%u", (unsigned)http_server_port(s));
	c = http_client_new(base, &(http_client_opts){.userpass = "u:p"}, err, sizeof err);
	cr_assert(c, "%s", err);
	cr_assert_eq(http_client_request(c, "GET", "/", NULL, 0, NULL, 0, &r, err, sizeof err), 0,
		     "%s", err);
	http_reply_free(&r);
	cr_assert_eq(http_server_quiesce(s), 0);
	cr_assert_eq(http_server_quiesce(s), 0); /* a second call does nothing */
	late =
	    http_client_new(base, &(http_client_opts){.connect_timeout_ms = 2000}, err, sizeof err);
	cr_assert(late, "%s", err);
	cr_assert_eq(http_client_request(late, "GET", "/", NULL, 0, NULL, 0, &r, err, sizeof err),
		     -1, "a new connection was served after quiesce");
	/* The kept-alive connection is still served, told to close. */
	cr_assert_eq(http_client_request(c, "GET", "/", NULL, 0, NULL, 0, &r, err, sizeof err), 0,
		     "%s", err);
	cr_assert_eq(r.status, 200);
	cr_assert_eq(http_reply_header(&r, "Connection", v, sizeof v), 0);
	cr_assert_str_eq(v, "close");
	http_reply_free(&r);
	http_client_free(late);
	http_client_free(c);
	http_server_stop(s);
}
