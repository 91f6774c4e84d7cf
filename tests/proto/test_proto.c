/*
 * test_proto - proto/: the hardened libxml2 reader both protocols use (a
 * DTD or entity refused before parsing, the size cap, libxml2's depth
 * limit kept; its per-thread context reused and replaced without a trace
 * of earlier reads; the syntax-only check), its element helpers, the
 * protocol server (POST to one path;
 * 405 with Allow, 404, DSP0200's 501 for M-POST; 500 for no answer) and the
 * live-target client's base URL and users. The limits are those the
 * codecs had before they shared this reader.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

#define NS_A "urn:a"

static xmlDoc *read_text(const char *s, size_t max_len, char *err, size_t errlen)
{
	return proto_xml_read(s, strlen(s), max_len, "test", err, errlen);
}

static void refused(const char *doc, size_t max_len, const char *why)
{
	char err[256] = "";
	xmlDoc *d = read_text(doc, max_len, err, sizeof err);

	cr_assert_null(d, "accepted: %.60s", doc);
	cr_assert(strstr(err, why), "reason \"%s\" lacks \"%s\"", err, why);
}

TestSuite(proto, .init = xmlInitParser);

Test(proto, a_doctype_is_refused_before_parsing)
{
	refused("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", 0,
		"a DTD or entity declaration is not accepted");
	/* billion laughs, even without a DOCTYPE around it */
	refused("<a><!ENTITY lol \"lol\"></a>", 0, "a DTD or entity declaration is not accepted");
	/* an external entity would need a DOCTYPE: refused the same way */
	refused("<!DOCTYPE a SYSTEM \"http://example.invalid/x.dtd\"><a/>", 0,
		"a DTD or entity declaration is not accepted");
}

Test(proto, the_size_cap_holds)
{
	char err[256] = "";
	xmlDoc *d;

	/* 17 bytes: one over the cap is refused, at the cap read */
	refused("<a>0123456789</a>", 16, "body of 17 bytes exceeds the limit of 16");
	refused("", 0, "empty body");
	d = read_text("<a>0123456789</a>", 17, err, sizeof err);
	cr_assert_not_null(d, "%s", err);
	xmlFreeDoc(d);
}

Test(proto, libxml2s_depth_limit_is_kept)
{
	/* Without XML_PARSE_HUGE libxml2 stops at 256 levels (2.9) or 2048;
	 * 100000 is over either. */
	size_t n = 100000;
	char *s = malloc(n * 7 + 1), *p = s;

	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "<a>");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "</a>");
	refused(s, 0, "not well-formed");
	free(s);
}

Test(proto, not_well_formed_names_the_line)
{
	refused("<a>\n<b></a>", 0, "XML not well-formed (line 2)");
}

/* One thread reads through one reused context: a failed read must leave
 * nothing behind for the next, and a document read must outlive the
 * context's replacement (its dictionary full of made-up names). */
Test(proto, reused_contexts_forget_each_read)
{
	char err[256] = "", name[32];
	xmlDoc *keep = read_text("<keep a=\"1\"><b>text</b></keep>", 0, err, sizeof err);
	size_t n = 5000; /* names over the context's dictionary cap (4096) */
	char *many = malloc(n * 16 + 16), *p = many;

	cr_assert_not_null(keep, "%s", err);
	cr_assert_null(read_text("<a><b></a>", 0, err, sizeof err));
	cr_assert_null(read_text("<!DOCTYPE a><a/>", 0, err, sizeof err));
	cr_assert_not_null(many);
	p += sprintf(p, "<r>");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "<n%zu/>", i);
	sprintf(p, "</r>");
	for (int round = 0; round < 2; round++) { /* fills, then replaces */
		xmlDoc *d = read_text(many, 0, err, sizeof err);

		cr_assert_not_null(d, "%s", err);
		xmlFreeDoc(d);
	}
	free(many);
	/* The first document's names are still its own. */
	cr_assert(proto_xml_is(xmlDocGetRootElement(keep), NULL, "keep"));
	snprintf(name, sizeof name, "%s",
		 (const char *)proto_xml_child(xmlDocGetRootElement(keep), NULL, "b")->name);
	cr_assert_str_eq(name, "b");
	xmlFreeDoc(keep);
}

/* The proxy's reply-path check: syntax only, the same context reused. */
static bool wf(const char *s)
{
	return proto_xml_well_formed(s, strlen(s));
}

Test(proto, well_formed_checks_the_syntax_alone)
{
	cr_assert(wf("<a><b>x &lt; y</b></a>"));
	cr_assert_not(wf("<a><b></a>"));
	cr_assert(wf("<?xml version=\"1.0\"?><c/>"));
	cr_assert_not(wf("<a>&bogus;</a>"));
	cr_assert_not(proto_xml_well_formed("", 0));
	cr_assert_not(proto_xml_well_formed(NULL, 0));
	cr_assert(wf("<a/>"), "a failed read leaves nothing behind");
}

Test(proto, element_helpers_match_name_and_namespace)
{
	char err[256] = "";
	xmlDoc *d =
	    read_text("<r xmlns:p=\"" NS_A "\"><x/><p:x> t </p:x><p:y/></r>", 0, err, sizeof err);
	xmlNode *r, *any, *nsx;
	char *raw, *trim;

	cr_assert_not_null(d, "%s", err);
	r = xmlDocGetRootElement(d);
	any = proto_xml_child(r, NULL, "x");
	cr_assert(any && !any->ns, "NULL ns: the first x, the one in no namespace");
	nsx = proto_xml_child(r, NS_A, "x");
	cr_assert(nsx && nsx->ns, "ns given: only the x in it");
	cr_assert_eq(proto_xml_next(any, NULL, "x"), nsx);
	cr_assert_null(proto_xml_next(nsx, NULL, "x"));
	cr_assert(proto_xml_is(proto_xml_next(nsx, NULL, NULL), NS_A, "y"));
	cr_assert_null(proto_xml_child(r, "urn:other", NULL));
	raw = proto_xml_text(nsx);
	trim = proto_xml_trimmed(nsx);
	cr_assert_str_eq(raw, " t ");
	cr_assert_str_eq(trim, "t");
	free(raw);
	free(trim);
	xmlFreeDoc(d);
}

Test(proto, attributes_and_names)
{
	char err[256] = "";
	xmlDoc *d = read_text("<a NAME=\"GetError\"/>", 0, err, sizeof err);
	bool oom = false;
	char *v;

	cr_assert_not_null(d, "%s", err);
	v = proto_xml_attr(xmlDocGetRootElement(d), "NAME", &oom);
	cr_assert_str_eq(v, "GetError");
	free(v);
	cr_assert_null(proto_xml_attr(xmlDocGetRootElement(d), "TYPE", &oom));
	cr_assert_not(oom, "absent is not out of memory");
	xmlFreeDoc(d);
	cr_assert(proto_name_eq("CIM_ConcreteJob", "cim_concretejob"));
	cr_assert_not(proto_name_eq("CIM_Job", "CIM_Jobs"));
	cr_assert_not(proto_name_eq(NULL, "x"));
}

static void base_of(const char *url, const char *want)
{
	proto_target t = {0};
	http_url u;
	char err[256] = "";

	cr_assert_eq(http_url_split(url, &u, err, sizeof err), 0, "%s", err);
	cr_assert_eq(proto_target_base(&t, url, &u, 5988, 5989, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(t.base, want);
}

Test(proto, target_base_url_has_the_default_ports)
{
	base_of("http://h/root", "http://h:5988");
	base_of("https://h/root", "https://h:5989");
	base_of("http://h:1234/root", "http://h:1234");
	base_of("http://[::1]/root", "http://[::1]:5988");
}

Test(proto, target_users_are_bounded_and_wiped)
{
	const http_user users[2] = {{"alice", "pw-a", false}, {"root", "pw-r", true}};
	const prov_principal bob = {"bob", 0}, root = {"root", 1};
	proto_target t = {0};
	char err[256] = "";

	cr_assert_eq(proto_target_start(&t, users, 0, 4, err, sizeof err), -1);
	cr_assert(strstr(err, "0 users (1 to 4)"), "%s", err);
	cr_assert_eq(proto_target_start(&t, users, 2, 1, err, sizeof err), -1);
	cr_assert_not(t.global, "nothing started on a refusal");
	cr_assert_eq(proto_target_start(&t, users, 2, 4, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(t.user[1].cred, "root:pw-r");
	cr_assert(t.user[1].admin);
	cr_assert_eq(proto_target_user(&t, &root, err, sizeof err), 1);
	cr_assert_eq(proto_target_user(&t, &bob, err, sizeof err), -1);
	cr_assert(strstr(err, "no credentials for the principal bob"), "%s", err);
	proto_target_stop(&t);
	cr_assert_str_eq(t.user[0].cred, "", "the password is wiped");
	cr_assert_not(t.global);
}

/* ---- the protocol server on the http room's server ---------------------- */

static const char *answer_text; /* what the handler answers ("" = nothing) */
static char seen_who[64];
static int n_answered;

static int handle(void *arg, const http_request *req, const prov_principal *who, srh_text *out,
		  http_response *resp)
{
	(void)arg;
	(void)req;
	snprintf(seen_who, sizeof seen_who, "%s%s", who->name, who->admin ? ":admin" : "");
	srh_text_str(out, answer_text);
	resp->content_type = "application/xml";
	(void)http_response_header(resp, "X-Proto", "yes");
	return 200;
}

static void answered(void *arg, const char *body, size_t len)
{
	(void)arg;
	(void)body;
	(void)len;
	n_answered++;
}

/* One request to the server at port; its reply in *r. */
static void ask(uint16_t port, const char *method, const char *path, http_reply *r)
{
	char base[64], err[256] = "";
	http_client_opts o = {.userpass = "root:pw-r"};
	http_client *c;

	snprintf(base, sizeof base, "http://127.0.0.1:%u", (unsigned)port);
	cr_assert_not_null(c = http_client_new(base, &o, err, sizeof err), "%s", err);
	cr_assert_eq(http_client_request(c, method, path, NULL, 0, "<x/>", 4, r, err, sizeof err),
		     0, "%s", err);
	http_client_free(c);
}

/* The status of METHOD /p over a bare socket (the http client sends no
 * M-POST). */
static int raw_status(uint16_t port, const char *method)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	char req[128], buf[64] = "";
	int fd = socket(AF_INET, SOCK_STREAM, 0), st = -1;
	ssize_t n;

	cr_assert_geq(fd, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	snprintf(req, sizeof req, "%s /p HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", method);
	cr_assert_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	n = read(fd, buf, sizeof buf - 1);
	if (n > 0 && sscanf(buf, "HTTP/1.%*d %d", &st) != 1)
		st = -1;
	close(fd);
	return st;
}

Test(proto, the_server_serves_post_to_its_one_path)
{
	const http_user users[1] = {{"root", "pw-r", true}};
	proto_server_opts o = {
	    .http = {.listen = "127.0.0.1:0", .users = users, .n_users = 1},
	    .path = "/p",
	    .not_post = "POST it\n",
	    .not_found = "not here\n",
	    .mpost_501 = true,
	    .handle = handle,
	    .answered = answered,
	};
	char err[256] = "", v[64];
	proto_server *s;
	http_reply r = {0};

	cr_assert_eq(http_global_init(), 0);
	cr_assert_not_null(s = proto_server_start(&o, err, sizeof err), "%s", err);
	answer_text = "<ok/>";
	ask(proto_server_port(s), "POST", "/p", &r);
	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(r.body, "<ok/>");
	cr_assert_eq(http_reply_header(&r, "X-Proto", v, sizeof v), 0, "the protocol's header");
	cr_assert_str_eq(seen_who, "root:admin", "the Basic user as the principal");
	cr_assert_eq(n_answered, 1, "an XML answer is handed to the answered hook");
	http_reply_free(&r);

	answer_text = ""; /* no answer: 500, and none of the protocol's headers */
	ask(proto_server_port(s), "POST", "/p", &r);
	cr_assert_eq(r.status, 500);
	cr_assert_neq(http_reply_header(&r, "X-Proto", v, sizeof v), 0);
	http_reply_free(&r);

	ask(proto_server_port(s), "GET", "/p", &r);
	cr_assert_eq(r.status, 405);
	cr_assert_str_eq(r.body, "POST it\n");
	cr_assert_eq(http_reply_header(&r, "Allow", v, sizeof v), 0);
	cr_assert_str_eq(v, "POST");
	http_reply_free(&r);

	cr_assert_eq(raw_status(proto_server_port(s), "M-POST"), 501, "DSP0200: M-POST gets 501");

	ask(proto_server_port(s), "POST", "/q", &r);
	cr_assert_eq(r.status, 404);
	cr_assert_str_eq(r.body, "not here\n");
	http_reply_free(&r);
	cr_assert_eq(n_answered, 1);

	proto_server_stop(s);
	http_global_cleanup();
}
