/*
 * cimxml_request.c - a CIM-XML operation request (DSP0201 MESSAGE /
 * SIMPLEREQ) into a cimxml_request: the method, the namespace, the class
 * or instance it targets and its parameters. Only the structure the
 * operations need is checked; anything else in the document is ignored.
 */
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

void cimxml_request_free(cimxml_request *r)
{
	if (!r)
		return;
	free(r->msg_id);
	free(r->method);
	free(r->ns);
	free(r->class_name);
	free(r->instance_id);
	for (size_t i = 0; i < r->n_params; i++) {
		free(r->params[i].name);
		free(r->params[i].value);
	}
	free(r->params);
	free(r);
}

const cimxml_param *cimxml_request_param(const cimxml_request *r, const char *name)
{
	for (size_t i = 0; r && i < r->n_params; i++)
		if (proto_name_eq(r->params[i].name, name))
			return &r->params[i];
	return NULL;
}

/* Parse state: the request being filled and the first problem. */
typedef struct rp {
	cimxml_request *r;
	int rc; /* cimxml_perr */
	char *err;
	size_t errlen;
} rp;

static int invalid(rp *p, const char *what)
{
	if (p->rc == CIMXML_PE_OK) {
		p->rc = CIMXML_PE_NOT_VALID;
		proto_err(p->err, p->errlen, "not a CIM-XML request: %s", what);
	}
	return -1;
}

static int nomem(rp *p)
{
	p->rc = CIMXML_PE_NOMEM;
	proto_err(p->err, p->errlen, "out of memory");
	return -1;
}

/* LOCALNAMESPACEPATH -> "a/b/c". */
static int namespace_of(rp *p, const xmlNode *lnp)
{
	cimxml_buf b;
	bool oom = false;
	int rc = 0;

	if (!lnp)
		return invalid(p, "no LOCALNAMESPACEPATH");
	cimxml_buf_init(&b);
	for (xmlNode *n = proto_xml_child(lnp, NULL, "NAMESPACE"); n;
	     n = proto_xml_next(n, NULL, "NAMESPACE")) {
		char *name = proto_xml_attr(n, "NAME", &oom);

		if (!name) {
			rc = oom ? nomem(p) : invalid(p, "NAMESPACE without NAME");
			goto out;
		}
		if (b.len)
			cimxml_buf_str(&b, "/");
		cimxml_buf_str(&b, name);
		free(name);
	}
	if (b.failed) {
		rc = nomem(p);
	} else if (b.len == 0) {
		rc = invalid(p, "empty LOCALNAMESPACEPATH");
	} else {
		p->r->ns = b.data;
		b.data = NULL;
	}
out:
	cimxml_buf_free(&b);
	return rc;
}

static int instancename(rp *p, const xmlNode *in)
{
	bool oom = false;

	free(p->r->class_name);
	p->r->class_name = proto_xml_attr(in, "CLASSNAME", &oom);
	if (!p->r->class_name)
		return oom ? nomem(p) : invalid(p, "INSTANCENAME without CLASSNAME");
	p->r->has_instance = true;
	p->r->instance_id = cimxml_instancename_iid(in, &p->r->n_keys, &oom);
	return oom ? nomem(p) : 0;
}

static int classname(rp *p, const xmlNode *cn)
{
	bool oom = false;

	free(p->r->class_name);
	p->r->class_name = proto_xml_attr(cn, "NAME", &oom);
	if (!p->r->class_name)
		return oom ? nomem(p) : invalid(p, "CLASSNAME without NAME");
	return 0;
}

/* A parameter: NULL (no child), VALUE, or VALUE.ARRAY (first entry). */
static int add_param(rp *p, const xmlNode *pv)
{
	cimxml_param *v, *np;
	xmlNode *val = proto_xml_child(pv, NULL, "VALUE");
	xmlNode *arr = proto_xml_child(pv, NULL, "VALUE.ARRAY");
	bool oom = false;

	np = realloc(p->r->params, (p->r->n_params + 1) * sizeof *np);
	if (!np)
		return nomem(p);
	p->r->params = np;
	v = &np[p->r->n_params];
	memset(v, 0, sizeof *v);
	v->name = proto_xml_attr(pv, "NAME", &oom);
	if (!v->name)
		return oom ? nomem(p) : invalid(p, "PARAMVALUE without NAME");
	p->r->n_params++;
	if (!val && arr) {
		v->is_array = true;
		val = proto_xml_child(arr, NULL, "VALUE");
	}
	if (val && !(v->value = proto_xml_text(val)))
		return nomem(p);
	return 0;
}

static int imethodcall(rp *p, const xmlNode *call)
{
	if (namespace_of(p, proto_xml_child(call, NULL, "LOCALNAMESPACEPATH")) != 0)
		return -1;
	for (xmlNode *ip = proto_xml_child(call, NULL, "IPARAMVALUE"); ip;
	     ip = proto_xml_next(ip, NULL, "IPARAMVALUE")) {
		xmlNode *cn = proto_xml_child(ip, NULL, "CLASSNAME");
		xmlNode *in = proto_xml_child(ip, NULL, "INSTANCENAME");
		int rc;

		if (in)
			rc = instancename(p, in);
		else if (cn)
			rc = classname(p, cn);
		else
			rc = add_param(p, ip);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int methodcall(rp *p, const xmlNode *call)
{
	xmlNode *lip = proto_xml_child(call, NULL, "LOCALINSTANCEPATH");
	xmlNode *lcp = proto_xml_child(call, NULL, "LOCALCLASSPATH");
	xmlNode *path = lip ? lip : lcp;
	xmlNode *target;

	if (!path)
		return invalid(p, "METHODCALL without LOCALINSTANCEPATH or LOCALCLASSPATH");
	if (namespace_of(p, proto_xml_child(path, NULL, "LOCALNAMESPACEPATH")) != 0)
		return -1;
	target = proto_xml_child(path, NULL, lip ? "INSTANCENAME" : "CLASSNAME");
	if (!target)
		return invalid(p, lip ? "LOCALINSTANCEPATH without INSTANCENAME"
				      : "LOCALCLASSPATH without CLASSNAME");
	if ((lip ? instancename(p, target) : classname(p, target)) != 0)
		return -1;
	for (xmlNode *pv = proto_xml_child(call, NULL, "PARAMVALUE"); pv;
	     pv = proto_xml_next(pv, NULL, "PARAMVALUE"))
		if (add_param(p, pv) != 0)
			return -1;
	return 0;
}

static int walk(rp *p, const xmlNode *root)
{
	xmlNode *msg, *req, *call;
	bool oom = false;

	if (!proto_xml_is(root, NULL, "CIM"))
		return invalid(p, "root element is not CIM");
	if (!(msg = proto_xml_child(root, NULL, "MESSAGE")))
		return invalid(p, "no MESSAGE");
	p->r->msg_id = proto_xml_attr(msg, "ID", &oom);
	if (oom)
		return nomem(p);
	if (!p->r->msg_id)
		return invalid(p, "MESSAGE without ID");
	if (proto_xml_child(msg, NULL, "MULTIREQ"))
		return invalid(p, "MULTIREQ is not supported");
	if (!(req = proto_xml_child(msg, NULL, "SIMPLEREQ")))
		return invalid(p, "no SIMPLEREQ");
	call = proto_xml_child(req, NULL, "IMETHODCALL");
	p->r->intrinsic = call != NULL;
	if (!call && !(call = proto_xml_child(req, NULL, "METHODCALL")))
		return invalid(p, "no IMETHODCALL or METHODCALL");
	p->r->method = proto_xml_attr(call, "NAME", &oom);
	if (!p->r->method)
		return oom ? nomem(p) : invalid(p, "method call without NAME");
	return p->r->intrinsic ? imethodcall(p, call) : methodcall(p, call);
}

int cimxml_parse_request(const char *body, size_t len, size_t max_len, cimxml_request **out,
			 char *err, size_t errlen)
{
	rp p = {NULL, CIMXML_PE_OK, err, errlen};
	xmlDoc *doc;

	*out = NULL;
	doc = proto_xml_read(body, len, max_len ? max_len : CIMXML_MAX_BODY, "cimxml", err, errlen);
	if (!doc)
		return CIMXML_PE_NOT_WELL_FORMED;
	p.r = calloc(1, sizeof *p.r);
	if (!p.r) {
		nomem(&p);
	} else if (walk(&p, xmlDocGetRootElement(doc)) == 0) {
		*out = p.r;
		p.r = NULL;
	}
	cimxml_request_free(p.r);
	xmlFreeDoc(doc);
	return p.rc;
}
