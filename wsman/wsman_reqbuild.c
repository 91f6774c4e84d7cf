/*
 * wsman_reqbuild.c - request envelopes (client side), shaped as wsl and
 * pywinrm send them: wsa:To, the ResourceURI and Action mustUnderstand,
 * ReplyTo anonymous, a fresh MessageID, the SelectorSet naming the job by
 * InstanceID in namespace WSMAN_NAMESPACE (__cimnamespace).
 */
#include "wsman_int.h"

void wsman_req_open(wsman_buf *b, const char *to, const char *action, const char *cls,
		    const char *iid)
{
	char id[64];

	wsman_new_uuid(id);
	wsman_buf_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<s:Envelope "
			 "xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:wsa=\"" WSMAN_NS_WSA
			 "\" xmlns:wsman=\"" WSMAN_NS_WSMAN "\" xmlns:wsen=\"" WSMAN_NS_WSEN
			 "\" xmlns:xsi=\"" WSMAN_NS_XSI "\"><s:Header><wsa:To>");
	wsman_buf_esc(b, to);
	wsman_buf_str(b, "</wsa:To><wsman:ResourceURI s:mustUnderstand=\"true\">");
	wsman_class_uri(b, cls);
	wsman_buf_str(b, "</wsman:ResourceURI><wsa:ReplyTo><wsa:Address "
			 "s:mustUnderstand=\"true\">" WSMAN_WSA_ANONYMOUS
			 "</wsa:Address></wsa:ReplyTo><wsa:Action s:mustUnderstand=\"true\">");
	wsman_buf_esc(b, action);
	wsman_buf_printf(b, "</wsa:Action><wsa:MessageID>%s</wsa:MessageID>", id);
	wsman_buf_str(b,
		      "<wsman:SelectorSet><wsman:Selector Name=\"__cimnamespace\">" WSMAN_NAMESPACE
		      "</wsman:Selector>");
	if (iid) {
		wsman_buf_str(b, "<wsman:Selector Name=\"InstanceID\">");
		wsman_buf_esc(b, iid);
		wsman_buf_str(b, "</wsman:Selector>");
	}
	wsman_buf_str(b, "</wsman:SelectorSet></s:Header><s:Body>");
}

void wsman_req_enumerate(wsman_buf *b, const char *to, const char *cls, uint32_t max)
{
	wsman_req_open(b, to, WSMAN_A_ENUMERATE, cls, NULL);
	wsman_buf_printf(b,
			 "<wsen:Enumerate><wsman:OptimizeEnumeration/><wsman:MaxElements>%u"
			 "</wsman:MaxElements></wsen:Enumerate>",
			 (unsigned)max);
	wsman_env_close(b);
}

void wsman_req_pull(wsman_buf *b, const char *to, const char *cls, const char *ctx, uint32_t max,
		    bool release)
{
	wsman_req_open(b, to, release ? WSMAN_A_RELEASE : WSMAN_A_PULL, cls, NULL);
	wsman_buf_printf(b, "<wsen:%s><wsen:EnumerationContext>", release ? "Release" : "Pull");
	wsman_buf_esc(b, ctx);
	wsman_buf_str(b, "</wsen:EnumerationContext>");
	if (!release)
		wsman_buf_printf(b, "<wsen:MaxElements>%u</wsen:MaxElements>", (unsigned)max);
	wsman_buf_printf(b, "</wsen:%s>", release ? "Release" : "Pull");
	wsman_env_close(b);
}

void wsman_req_invoke(wsman_buf *b, const char *to, const char *cls, const char *iid,
		      const char *method, const char *arg_name, const char *arg_value)
{
	wsman_buf act;

	wsman_buf_init(&act);
	wsman_class_uri(&act, cls);
	wsman_buf_printf(&act, "/%s", method);
	if (act.failed)
		b->failed = true;
	wsman_req_open(b, to, act.data ? act.data : "", cls, iid);
	wsman_buf_free(&act);
	wsman_buf_printf(b, "<p:%s_INPUT xmlns:p=\"", method);
	wsman_class_uri(b, cls);
	wsman_buf_str(b, "\">");
	if (arg_name) {
		wsman_buf_printf(b, "<p:%s>", arg_name);
		wsman_buf_esc(b, arg_value);
		wsman_buf_printf(b, "</p:%s>", arg_name);
	}
	wsman_buf_printf(b, "</p:%s_INPUT>", method);
	wsman_env_close(b);
}
