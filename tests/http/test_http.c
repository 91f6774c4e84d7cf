/*
 * test_http.c - the http room on its own: its server and client talking to
 * each other over loopback (HTTP and HTTPS), Basic credentials mapped to a
 * principal, 401, 413, the admit hook, keep-alive, the response cap, the
 * client deadline, URL and user parsing.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"

static int handled; /* handler calls (the server runs in this process) */

/* Echo who asked what, so the test can compare with what it sent. */
static void echo(void *arg, const http_request *req, http_response *resp)
{
	const char *x = http_request_header(req, "X-Test");
	char *out = malloc(4096);

	(void)arg;
	handled++;
	if (strcmp(req->path, "/big") == 0) {
		size_t n = 2u << 20;

		free(out);
		out = malloc(n);
		memset(out, 'a', n);
		resp->status = 200;
		resp->body = out;
		resp->len = n;
		return;
	}
	if (strcmp(req->path, "/slow") == 0) {
		struct timespec ts = {0, 500000000L};

		nanosleep(&ts, NULL);
	}
	snprintf(out, 4096, "%s %s %s admin=%d x=%s len=%zu body=%s", req->method, req->path,
		 req->who->name, req->who->admin ? 1 : 0, x ? x : "-", req->len, req->body);
	resp->status = 200;
	resp->body = out;
	resp->len = strlen(out);
	cr_assert_eq(http_response_header(resp, "X-Echo", "yes"), 0);
}

/* Only POST and GET; GET /admit-me is refused before its body. */
static int admit(void *arg, const http_request *req, http_response *resp)
{
	(void)arg;
	if (strcmp(req->method, "PUT") == 0) {
		http_response_text(resp, 405, "no PUT\n");
		cr_assert_eq(http_response_header(resp, "Allow", "POST, GET"), 0);
		return 1;
	}
	return 0;
}

static http_user users[2];

static http_server *start(size_t max_body, const char *cert, const char *key)
{
	char err[HTTP_ERRLEN] = "";
	http_server *s;

	cr_assert_eq(http_user_parse("alice:secret", &users[0]), 0);
	cr_assert_eq(http_user_parse("root:pw:admin", &users[1]), 0);
	s = http_server_start(&(http_server_opts){.listen = "127.0.0.1:0",
						  .tls_cert = cert,
						  .tls_key = key,
						  .users = users,
						  .n_users = 2,
						  .realm = "test",
						  .max_body = max_body,
						  .admit = admit,
						  .handle = echo},
			      err, sizeof err);
	cr_assert(s, "server: %s", err);
	cr_assert_neq(http_server_port(s), 0);
	return s;
}

static http_client *client(const http_server *s, const char *scheme, const http_client_opts *o)
{
	char base[64], err[HTTP_ERRLEN] = "";
	http_client *c;

	snprintf(base, sizeof base, "%s://127.0.0.1:%u", scheme, (unsigned)http_server_port(s));
	c = http_client_new(base, o, err, sizeof err);
	cr_assert(c, "client: %s", err);
	return c;
}

static void init(void)
{
	cr_assert_eq(http_global_init(), 0);
	handled = 0;
}

static void fini(void)
{
	http_global_cleanup();
}

TestSuite(http, .init = init, .fini = fini);

Test(http, round_trip_maps_credentials_to_the_principal)
{
	http_server *s = start(0, NULL, NULL);
	const char *h[] = {"X-Test: hello", "Content-Type: text/plain"};
	http_reply r;
	char err[HTTP_ERRLEN], v[64];
	http_client *c = client(s, "http", &(http_client_opts){.userpass = "alice:secret"});
	http_client *a = client(s, "http", &(http_client_opts){.userpass = "root:pw"});

	cr_assert_eq(http_client_request(c, "POST", "/p", h, 2, "abc", 3, &r, err, sizeof err), 0,
		     "%s", err);
	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(r.body, "POST /p alice admin=0 x=hello len=3 body=abc");
	cr_assert_eq(http_reply_header(&r, "x-echo", v, sizeof v), 0);
	cr_assert_str_eq(v, "yes");
	http_reply_free(&r);
	cr_assert_eq(http_client_request(a, "GET", "/g", NULL, 0, NULL, 0, &r, err, sizeof err), 0,
		     "%s", err);
	cr_assert_str_eq(r.body, "GET /g root admin=1 x=- len=0 body=");
	http_reply_free(&r);
	http_client_free(c);
	http_client_free(a);
	http_server_stop(s);
}

Test(http, no_or_wrong_credentials_get_401_and_no_handler_call)
{
	http_server *s = start(0, NULL, NULL);
	http_client *none = client(s, "http", NULL);
	http_client *wrong = client(s, "http", &(http_client_opts){.userpass = "alice:secreT"});
	http_client *longer = client(s, "http", &(http_client_opts){.userpass = "alice:secret2"});
	http_client *cs[] = {none, wrong, longer};
	http_reply r;
	char err[HTTP_ERRLEN], v[128];

	for (int i = 0; i < 3; i++) {
		cr_assert_eq(
		    http_client_request(cs[i], "POST", "/p", NULL, 0, "x", 1, &r, err, sizeof err),
		    0, "%s", err);
		cr_assert_eq(r.status, 401, "client %d", i);
		cr_assert_eq(http_reply_header(&r, "WWW-Authenticate", v, sizeof v), 0);
		cr_assert_str_eq(v, "Basic realm=\"test\"");
		http_reply_free(&r);
		http_client_free(cs[i]);
	}
	cr_assert_eq(handled, 0);
	http_server_stop(s);
}

Test(http, body_over_the_cap_is_413_and_at_the_cap_is_served)
{
	http_server *s = start(1024, NULL, NULL);
	http_client *c = client(s, "http", &(http_client_opts){.userpass = "alice:secret"});
	char body[1025], err[HTTP_ERRLEN];
	http_reply r;

	memset(body, 'b', sizeof body);
	cr_assert_eq(http_client_request(c, "POST", "/p", NULL, 0, body, 1025, &r, err, sizeof err),
		     0, "%s", err);
	cr_assert_eq(r.status, 413);
	http_reply_free(&r);
	cr_assert_eq(handled, 0);
	cr_assert_eq(http_client_request(c, "POST", "/p", NULL, 0, body, 1024, &r, err, sizeof err),
		     0, "%s", err);
	cr_assert_eq(r.status, 200);
	cr_assert(strstr(r.body, "len=1024 "));
	http_reply_free(&r);
	http_client_free(c);
	http_server_stop(s);
}

Test(http, admit_answers_before_the_body)
{
	http_server *s = start(0, NULL, NULL);
	http_client *c = client(s, "http", &(http_client_opts){.userpass = "alice:secret"});
	char err[HTTP_ERRLEN];
	http_reply r;

	/* The client layer sends POST and GET only. */
	cr_assert_eq(http_client_request(c, "PUT", "/p", NULL, 0, "x", 1, &r, err, sizeof err), -1);
	cr_assert(strstr(err, "PUT"));
	http_client_free(c);
	http_server_stop(s);
}

Test(http, keep_alive_reuses_one_connection)
{
	http_server *s = start(0, NULL, NULL);
	http_client *c = client(s, "http", &(http_client_opts){.userpass = "alice:secret"});
	char err[HTTP_ERRLEN];
	http_reply r;

	for (int i = 0; i < 20; i++) {
		cr_assert_eq(
		    http_client_request(c, "POST", "/k", NULL, 0, "x", 1, &r, err, sizeof err), 0,
		    "%s", err);
		cr_assert_eq(r.status, 200);
		http_reply_free(&r);
	}
	cr_assert_eq(handled, 20);
	cr_assert_eq(http_client_connects(c), 1);
	http_client_free(c);
	http_server_stop(s);
}

Test(http, response_over_the_cap_is_an_error_and_the_client_goes_on)
{
	http_server *s = start(0, NULL, NULL);
	http_client *c = client(
	    s, "http", &(http_client_opts){.userpass = "alice:secret", .max_response = 1u << 20});
	char err[HTTP_ERRLEN] = "", want[128];
	http_reply r;

	cr_assert_eq(http_client_request(c, "GET", "/big", NULL, 0, NULL, 0, &r, err, sizeof err),
		     -1);
	snprintf(want, sizeof want, "http://127.0.0.1:%u/big: response body over 1048576 bytes",
		 (unsigned)http_server_port(s));
	cr_assert_str_eq(err, want);
	cr_assert_null(r.body);
	cr_assert_eq(http_client_request(c, "GET", "/g", NULL, 0, NULL, 0, &r, err, sizeof err), 0,
		     "%s", err);
	cr_assert_eq(r.status, 200);
	http_reply_free(&r);
	http_client_free(c);
	http_server_stop(s);
}

Test(http, client_deadline)
{
	http_server *s = start(0, NULL, NULL);
	http_client *c =
	    client(s, "http", &(http_client_opts){.userpass = "alice:secret", .timeout_ms = 100});
	char err[HTTP_ERRLEN] = "";
	http_reply r;

	cr_assert_eq(http_client_request(c, "GET", "/slow", NULL, 0, NULL, 0, &r, err, sizeof err),
		     -1);
	/* libcurl words it by the phase the deadline passed in: "timed out"
	 * (waiting for the answer), "Connection time-out", "... with timeout
	 * after N ms" (resolving) on a loaded machine or under valgrind. */
	cr_assert(strstr(err, "/slow: ") && (strstr(err, "timed out") || strstr(err, "time-out") ||
					     strstr(err, "timeout")),
		  "%s", err);
	cr_assert_null(strchr(err, '\n'));
	http_client_free(c);
	http_server_stop(s);
}

Test(http, connection_refused_is_one_line_naming_the_url)
{
	char err[HTTP_ERRLEN] = "";
	http_reply r;
	/* Port 1 on loopback: nothing listens there in a test machine. */
	http_client *c = http_client_new("http://127.0.0.1:1", NULL, err, sizeof err);

	cr_assert(c, "%s", err);
	cr_assert_eq(http_client_request(c, "GET", "/x", NULL, 0, NULL, 0, &r, err, sizeof err),
		     -1);
	cr_assert(strncmp(err, "http://127.0.0.1:1/x: ", 22) == 0, "%s", err);
	http_client_free(c);
}

Test(http, tls_verifies_the_certificate_unless_insecure)
{
	char dir[] = "/tmp/srh-httptls.XXXXXX", cmd[512], ca[128], other[128], cert[128], key[128],
	     err[HTTP_ERRLEN] = "";
	http_server *s;
	http_client *c;
	http_reply r;

	cr_assert(mkdtemp(dir));
	snprintf(cmd, sizeof cmd, "bash %s/gen_certs.sh %s", SRH_HTTP_TEST_DIR, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	snprintf(other, sizeof other, "%s/other.pem", dir);
	snprintf(cert, sizeof cert, "%s/server.pem", dir);
	snprintf(key, sizeof key, "%s/server.key", dir);
	s = start(0, cert, key);
	cr_assert(http_server_tls(s));

	c = client(s, "https", &(http_client_opts){.userpass = "alice:secret", .cacert = ca});
	cr_assert_eq(http_client_request(c, "POST", "/t", NULL, 0, "s", 1, &r, err, sizeof err), 0,
		     "%s", err);
	cr_assert_str_eq(r.body, "POST /t alice admin=0 x=- len=1 body=s");
	http_reply_free(&r);
	http_client_free(c);

	c = client(s, "https", &(http_client_opts){.userpass = "alice:secret", .cacert = other});
	cr_assert_eq(http_client_request(c, "POST", "/t", NULL, 0, "s", 1, &r, err, sizeof err),
		     -1);
	cr_assert(strstr(err, "/t: "), "%s", err);
	http_client_free(c);

	c = client(s, "https", &(http_client_opts){.userpass = "alice:secret", .insecure = true});
	cr_assert_eq(http_client_request(c, "POST", "/t", NULL, 0, "s", 1, &r, err, sizeof err), 0,
		     "%s", err);
	cr_assert_eq(r.status, 200);
	http_reply_free(&r);
	http_client_free(c);
	http_server_stop(s);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(http, server_refuses_bad_set_up)
{
	char err[HTTP_ERRLEN] = "";
	http_server_opts o = {.listen = "127.0.0.1:0", .handle = echo, .tls_cert = "/nonexistent"};

	cr_assert_null(http_server_start(&o, err, sizeof err));
	cr_assert(strstr(err, "go together"), "%s", err);
	o.tls_key = "/nonexistent.key";
	cr_assert_null(http_server_start(&o, err, sizeof err));
	cr_assert(strstr(err, "/nonexistent"), "%s", err);
	o = (http_server_opts){.listen = "nohost", .handle = echo};
	cr_assert_null(http_server_start(&o, err, sizeof err));
	cr_assert(strstr(err, "HOST:PORT"), "%s", err);
	o = (http_server_opts){.listen = "127.0.0.1:0"};
	cr_assert_null(http_server_start(&o, err, sizeof err));
}

Test(http, url_split)
{
	http_url u;
	char err[HTTP_ERRLEN];

	cr_assert_eq(http_url_split("https://[::1]:5989/root/x", &u, err, sizeof err), 0, "%s",
		     err);
	cr_assert_str_eq(u.scheme, "https");
	cr_assert_str_eq(u.host, "::1");
	cr_assert_eq(u.port, 5989);
	cr_assert_str_eq(u.path, "/root/x");
	cr_assert_eq(http_url_split("http://h/ns", &u, err, sizeof err), 0, "%s", err);
	cr_assert_eq(u.port, 0);
	cr_assert_eq(http_url_split("ftp://h/ns", &u, err, sizeof err), -1);
	cr_assert_eq(http_url_split("http://u:p@h/ns", &u, err, sizeof err), -1);
	cr_assert_eq(http_url_split("http://h:99999/ns", &u, err, sizeof err), -1);
	cr_assert_eq(http_url_split("not a url", &u, err, sizeof err), -1);
}

Test(http, user_parse_and_find)
{
	http_user u[2];

	cr_assert_eq(http_user_parse("a:b:admin", &u[0]), 0);
	cr_assert_str_eq(u[0].name, "a");
	cr_assert_str_eq(u[0].pass, "b");
	cr_assert(u[0].admin);
	cr_assert_eq(http_user_parse("c:d:e", &u[1]), 0);
	cr_assert_str_eq(u[1].pass, "d:e");
	cr_assert_not(u[1].admin);
	cr_assert_eq(http_user_find(u, 2, "c", "d:e"), &u[1]);
	cr_assert_null(http_user_find(u, 2, "c", "d"));
	cr_assert_null(http_user_find(u, 2, "a", "bb"));
	cr_assert_null(http_user_find(u, 2, NULL, "b"));
	cr_assert_eq(http_user_parse("nocolon", &u[0]), -1);
	cr_assert_eq(http_user_parse(":nouser", &u[0]), -1);
	cr_assert_eq(http_listen_is_loopback("127.0.0.2:1"), 1);
	cr_assert_eq(http_listen_is_loopback("[::1]:1"), 1);
	cr_assert_eq(http_listen_is_loopback("0.0.0.0:1"), 0);
	cr_assert_eq(http_listen_is_loopback("nohost"), -1);
}
