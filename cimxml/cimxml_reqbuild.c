/*
 * cimxml_reqbuild.c - request documents a CIM-XML client sends (the
 * target mode's side of the wire): intrinsic EnumerateInstances /
 * EnumerateInstanceNames / GetInstance / GetClass and extrinsic method
 * calls on an instance path.
 */
#include <string.h>

#include "cimxml.h"

/* The MESSAGE ID is a fixed string: requests are not multiplexed. */
static void req_begin(cimxml_buf *b, bool intrinsic, const char *method)
{
	cimxml_buf_str(b, "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
			  "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">\n"
			  "<MESSAGE ID=\"1001\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>");
	cimxml_buf_str(b, intrinsic ? "<IMETHODCALL NAME=\"" : "<METHODCALL NAME=\"");
	cimxml_buf_esc(b, method);
	cimxml_buf_str(b, "\">");
}

static int req_end(cimxml_buf *b, bool intrinsic)
{
	cimxml_buf_str(b, intrinsic ? "</IMETHODCALL>" : "</METHODCALL>");
	cimxml_buf_str(b, "</SIMPLEREQ></MESSAGE></CIM>\n");
	return b->failed ? -1 : 0;
}

/* n bytes of s, escaped. */
static void esc_n(cimxml_buf *b, const char *s, size_t n)
{
	char one[2] = {0, 0};

	for (size_t i = 0; i < n; i++) {
		one[0] = s[i];
		cimxml_buf_esc(b, one);
	}
}

/* "a/b/c" -> LOCALNAMESPACEPATH with one NAMESPACE per segment. */
static void lnp(cimxml_buf *b, const char *ns)
{
	const char *p = ns;

	cimxml_buf_str(b, "<LOCALNAMESPACEPATH>");
	while (p && *p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n) {
			cimxml_buf_str(b, "<NAMESPACE NAME=\"");
			esc_n(b, p, n);
			cimxml_buf_str(b, "\"/>");
		}
		p = slash ? slash + 1 : p + n;
	}
	cimxml_buf_str(b, "</LOCALNAMESPACEPATH>\n");
}

static void classname_param(cimxml_buf *b, const char *class_name)
{
	cimxml_buf_str(b, "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"");
	cimxml_buf_esc(b, class_name);
	cimxml_buf_str(b, "\"/></IPARAMVALUE>\n");
}

int cimxml_req_enum(cimxml_buf *b, const char *ns, const char *method, const char *class_name)
{
	req_begin(b, true, method);
	lnp(b, ns);
	classname_param(b, class_name);
	if (strcmp(method, "EnumerateInstances") == 0)
		cimxml_buf_str(b, "<IPARAMVALUE NAME=\"DeepInheritance\"><VALUE>TRUE</VALUE>"
				  "</IPARAMVALUE>\n");
	return req_end(b, true);
}

int cimxml_req_get_instance(cimxml_buf *b, const char *ns, const char *class_name, const char *iid)
{
	req_begin(b, true, "GetInstance");
	lnp(b, ns);
	cimxml_buf_str(b, "<IPARAMVALUE NAME=\"InstanceName\">");
	cimxml_enc_instancename(b, class_name, iid);
	cimxml_buf_str(b, "</IPARAMVALUE>\n");
	return req_end(b, true);
}

int cimxml_req_get_class(cimxml_buf *b, const char *ns, const char *class_name)
{
	req_begin(b, true, "GetClass");
	lnp(b, ns);
	classname_param(b, class_name);
	return req_end(b, true);
}

int cimxml_req_method(cimxml_buf *b, const char *ns, const char *class_name, const char *iid,
		      const char *method, const cimxml_arg *args, size_t n_args)
{
	req_begin(b, false, method);
	cimxml_buf_str(b, iid ? "<LOCALINSTANCEPATH>" : "<LOCALCLASSPATH>");
	lnp(b, ns);
	if (iid) {
		cimxml_enc_instancename(b, class_name, iid);
		cimxml_buf_str(b, "</LOCALINSTANCEPATH>\n");
	} else {
		cimxml_buf_str(b, "<CLASSNAME NAME=\"");
		cimxml_buf_esc(b, class_name);
		cimxml_buf_str(b, "\"/></LOCALCLASSPATH>\n");
	}
	for (size_t i = 0; i < n_args; i++) {
		cimxml_buf_str(b, "<PARAMVALUE NAME=\"");
		cimxml_buf_esc(b, args[i].name);
		cimxml_buf_str(b, "\" PARAMTYPE=\"");
		cimxml_buf_esc(b, args[i].type ? args[i].type : "string");
		if (args[i].value) {
			cimxml_buf_str(b, "\"><VALUE>");
			cimxml_buf_esc(b, args[i].value);
			cimxml_buf_str(b, "</VALUE></PARAMVALUE>\n");
		} else {
			cimxml_buf_str(b, "\"/>\n");
		}
	}
	return req_end(b, false);
}
