/*
 * wsman_fault.c - the WS-Management faults this server sends and a client
 * recognizes: one table of SOAP code, subcode, fault action and reason,
 * as DSP0226 defines them and openwsman's fault table puts them on the
 * wire, with the HTTP status each travels with (openwsman: a Sender fault
 * 400, a Receiver fault 500) and the CIM status code the harness reports
 * it as.
 */
#include <string.h>

#include "wsman_int.h"

#define ACT_WSA "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault"
#define ACT_WSMAN "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"
#define ACT_WSEN "http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault"

static const struct {
	const char *code;    /* s:Sender, s:Receiver, s:VersionMismatch */
	const char *subcode; /* NULL: none */
	const char *action;
	const char *reason;
	uint32_t cim;
} faults[WSMAN_F_COUNT] = {
    [WSMAN_F_DESTINATION_UNREACHABLE] = {"s:Sender", "wsa:DestinationUnreachable", ACT_WSA,
					 "No route can be determined to reach the destination "
					 "role defined by the WS-Addressing To.",
					 CIM_SC_NOT_FOUND},
    [WSMAN_F_ACTION_NOT_SUPPORTED] = {"s:Sender", "wsa:ActionNotSupported", ACT_WSA,
				      "The action is not supported by the service.",
				      CIM_SC_NOT_SUPPORTED},
    [WSMAN_F_INVALID_SELECTORS] = {"s:Sender", "wsman:InvalidSelectors", ACT_WSMAN,
				   "The Selectors for the resource are not valid.",
				   CIM_SC_INVALID_PARAMETER},
    [WSMAN_F_INVALID_ENUMERATION_CONTEXT] = {"s:Receiver", "wsen:InvalidEnumerationContext",
					     ACT_WSEN,
					     "The supplied enumeration context is invalid.",
					     CIM_SC_INVALID_ENUMERATION_CONTEXT},
    [WSMAN_F_ACCESS_DENIED] = {"s:Sender", "wsman:AccessDenied", ACT_WSMAN,
			       "The sender was not authorized to access the resource.",
			       CIM_SC_ACCESS_DENIED},
    [WSMAN_F_ENCODING_LIMIT] = {"s:Sender", "wsman:EncodingLimit", ACT_WSMAN,
				"An internal encoding limit was exceeded in a request or would "
				"be violated if the message were processed.",
				CIM_SC_SERVER_LIMITS_EXCEEDED},
    [WSMAN_F_INTERNAL_ERROR] = {"s:Receiver", "wsman:InternalError", ACT_WSMAN,
				"The service cannot comply with the request due to internal "
				"processing errors.",
				CIM_SC_FAILED},
    [WSMAN_F_INVALID_MESSAGE_HEADER] = {"s:Sender", "wsa:InvalidMessageInformationHeader", ACT_WSA,
					"A message information header is not valid and the "
					"message cannot be processed.",
					CIM_SC_FAILED},
    [WSMAN_F_HEADER_REQUIRED] = {"s:Sender", "wsa:MessageInformationHeaderRequired", ACT_WSA,
				 "A required header is missing.", CIM_SC_FAILED},
    [WSMAN_F_VERSION_MISMATCH] = {"s:VersionMismatch", NULL, ACT_WSA,
				  "The envelope is not SOAP 1.2.", CIM_SC_FAILED},
    [WSMAN_F_INVALID_PARAMETER] = {"s:Sender", "wsman:InvalidParameter", ACT_WSMAN,
				   "An operation parameter is not valid.",
				   CIM_SC_INVALID_PARAMETER},
};

const char *wsman_fault_name(wsman_fault f)
{
	if ((unsigned)f >= WSMAN_F_COUNT)
		return "wsman:InternalError";
	return faults[f].subcode ? faults[f].subcode : faults[f].code;
}

int wsman_fault_status(wsman_fault f)
{
	if ((unsigned)f >= WSMAN_F_COUNT)
		return 500;
	return strcmp(faults[f].code, "s:Receiver") == 0 ? 500 : 400;
}

uint32_t wsman_fault_cim_status(wsman_fault f)
{
	return (unsigned)f < WSMAN_F_COUNT ? faults[f].cim : CIM_SC_FAILED;
}

int wsman_write_fault(wsman_buf *b, wsman_fault f, const char *relates_to, const char *detail,
		      const char *reason)
{
	if ((unsigned)f >= WSMAN_F_COUNT)
		f = WSMAN_F_INTERNAL_ERROR;
	wsman_env_open(b, faults[f].action, relates_to);
	wsman_buf_printf(b, "<s:Fault><s:Code><s:Value>%s</s:Value>", faults[f].code);
	if (faults[f].subcode)
		wsman_buf_printf(b, "<s:Subcode><s:Value>%s</s:Value></s:Subcode>",
				 faults[f].subcode);
	wsman_buf_str(b, "</s:Code><s:Reason><s:Text xml:lang=\"en-US\">");
	wsman_buf_esc(b, reason ? reason : faults[f].reason);
	wsman_buf_str(b, "</s:Text></s:Reason>");
	if (detail) {
		wsman_buf_str(b, "<s:Detail><wsman:FaultDetail>" WSMAN_NS_FAULT_DETAIL);
		wsman_buf_esc(b, detail);
		wsman_buf_str(b, "</wsman:FaultDetail></s:Detail>");
	}
	wsman_buf_str(b, "</s:Fault>");
	wsman_env_close(b);
	return b->failed ? -1 : 0;
}

wsman_fault wsman_fault_by_name(const char *subcode)
{
	const char *local = subcode ? strchr(subcode, ':') : NULL;

	local = local ? local + 1 : subcode;
	for (unsigned f = 0; local && f < WSMAN_F_COUNT; f++) {
		const char *name = wsman_fault_name((wsman_fault)f);
		const char *colon = strchr(name, ':');

		if (strcmp(colon ? colon + 1 : name, local) == 0)
			return (wsman_fault)f;
	}
	return WSMAN_F_COUNT;
}
