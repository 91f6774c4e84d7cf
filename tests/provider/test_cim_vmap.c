/*
 * test_cim_vmap.c - every ValueMap table against shared/spec/cim-valuemaps.md.
 * The expected rows below were transcribed from the spec's tables (DMTF CIM
 * Schema 2.41.0), not from srh/cim.h, so a typo in either shows up here.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <string.h>

#include "srh/cim.h"

typedef struct exp_entry {
	uint32_t value;
	const char *name;
} exp_entry;

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- transcribed from the spec's tables ---------------------------------- */

static const exp_entry exp_job_state[] = {
    {2, "New"},		  {3, "Starting"},  {4, "Running"},	   {5, "Suspended"},
    {6, "Shutting Down"}, {7, "Completed"}, {8, "Terminated"},	   {9, "Killed"},
    {10, "Exception"},	  {11, "Service"},  {12, "Query Pending"},
};

static const exp_entry exp_geterror_rc[] = {
    {0, "Success"}, {1, "Not Supported"},     {2, "Unspecified Error"}, {3, "Timeout"},
    {4, "Failed"},  {5, "Invalid Parameter"}, {6, "Access Denied"},
};

static const exp_entry exp_rsc_rc[] = {
    {0, "Completed with No Error"},
    {1, "Not Supported"},
    {2, "Unknown/Unspecified Error"},
    {3, "Can NOT complete within Timeout Period"},
    {4, "Failed"},
    {5, "Invalid Parameter"},
    {6, "In Use"},
    {4096, "Method Parameters Checked - Transition Started"},
    {4097, "Invalid State Transition"},
    {4098, "Use of Timeout Parameter Not Supported"},
    {4099, "Busy"},
};

static const exp_entry exp_op_status[] = {
    {0, "Unknown"},
    {1, "Other"},
    {2, "OK"},
    {3, "Degraded"},
    {4, "Stressed"},
    {5, "Predictive Failure"},
    {6, "Error"},
    {7, "Non-Recoverable Error"},
    {8, "Starting"},
    {9, "Stopping"},
    {10, "Stopped"},
    {11, "In Service"},
    {12, "No Contact"},
    {13, "Lost Communication"},
    {14, "Aborted"},
    {15, "Dormant"},
    {16, "Supporting Entity in Error"},
    {17, "Completed"},
    {18, "Power Mode"},
    {19, "Relocating"},
};

static const exp_entry exp_probable_cause[] = {
    {0, "Unknown"},
    {1, "Other"},
    {2, "Adapter/Card Error"},
    {3, "Application Subsystem Failure"},
    {4, "Bandwidth Reduced"},
    {5, "Connection Establishment Error"},
    {6, "Communications Protocol Error"},
    {7, "Communications Subsystem Failure"},
    {8, "Configuration/Customization Error"},
    {9, "Congestion"},
    {10, "Corrupt Data"},
    {11, "CPU Cycles Limit Exceeded"},
    {12, "Dataset/Modem Error"},
    {13, "Degraded Signal"},
    {14, "DTE-DCE Interface Error"},
    {15, "Enclosure Door Open"},
    {16, "Equipment Malfunction"},
    {17, "Excessive Vibration"},
    {18, "File Format Error"},
    {19, "Fire Detected"},
    {20, "Flood Detected"},
    {21, "Framing Error"},
    {22, "HVAC Problem"},
    {23, "Humidity Unacceptable"},
    {24, "I/O Device Error"},
    {25, "Input Device Error"},
    {26, "LAN Error"},
    {27, "Non-Toxic Leak Detected"},
    {28, "Local Node Transmission Error"},
    {29, "Loss of Frame"},
    {30, "Loss of Signal"},
    {31, "Material Supply Exhausted"},
    {32, "Multiplexer Problem"},
    {33, "Out of Memory"},
    {34, "Output Device Error"},
    {35, "Performance Degraded"},
    {36, "Power Problem"},
    {37, "Pressure Unacceptable"},
    {38, "Processor Problem (Internal Machine Error)"},
    {39, "Pump Failure"},
    {40, "Queue Size Exceeded"},
    {41, "Receive Failure"},
    {42, "Receiver Failure"},
    {43, "Remote Node Transmission Error"},
    {44, "Resource at or Nearing Capacity"},
    {45, "Response Time Excessive"},
    {46, "Retransmission Rate Excessive"},
    {47, "Software Error"},
    {48, "Software Program Abnormally Terminated"},
    {49, "Software Program Error (Incorrect Results)"},
    {50, "Storage Capacity Problem"},
    {51, "Temperature Unacceptable"},
    {52, "Threshold Crossed"},
    {53, "Timing Problem"},
    {54, "Toxic Leak Detected"},
    {55, "Transmit Failure"},
    {56, "Transmitter Failure"},
    {57, "Underlying Resource Unavailable"},
    {58, "Version Mismatch"},
    {59, "Previous Alert Cleared"},
    {60, "Login Attempts Failed"},
    {61, "Software Virus Detected"},
    {62, "Hardware Security Breached"},
    {63, "Denial of Service Detected"},
    {64, "Security Credential Mismatch"},
    {65, "Unauthorized Access"},
    {66, "Alarm Received"},
    {67, "Loss of Pointer"},
    {68, "Payload Mismatch"},
    {69, "Transmission Error"},
    {70, "Excessive Error Rate"},
    {71, "Trace Problem"},
    {72, "Element Unavailable"},
    {73, "Element Missing"},
    {74, "Loss of Multi Frame"},
    {75, "Broadcast Channel Failure"},
    {76, "Invalid Message Received"},
    {77, "Routing Failure"},
    {78, "Backplane Failure"},
    {79, "Identifier Duplication"},
    {80, "Protection Path Failure"},
    {81, "Sync Loss or Mismatch"},
    {82, "Terminal Problem"},
    {83, "Real Time Clock Failure"},
    {84, "Antenna Failure"},
    {85, "Battery Charging Failure"},
    {86, "Disk Failure"},
    {87, "Frequency Hopping Failure"},
    {88, "Loss of Redundancy"},
    {89, "Power Supply Failure"},
    {90, "Signal Quality Problem"},
    {91, "Battery Discharging"},
    {92, "Battery Failure"},
    {93, "Commercial Power Problem"},
    {94, "Fan Failure"},
    {95, "Engine Failure"},
    {96, "Sensor Failure"},
    {97, "Fuse Failure"},
    {98, "Generator Failure"},
    {99, "Low Battery"},
    {100, "Low Fuel"},
    {101, "Low Water"},
    {102, "Explosive Gas"},
    {103, "High Winds"},
    {104, "Ice Buildup"},
    {105, "Smoke"},
    {106, "Memory Mismatch"},
    {107, "Out of CPU Cycles"},
    {108, "Software Environment Problem"},
    {109, "Software Download Failure"},
    {110, "Element Reinitialized"},
    {111, "Timeout"},
    {112, "Logging Problems"},
    {113, "Leak Detected"},
    {114, "Protection Mechanism Failure"},
    {115, "Protecting Resource Failure"},
    {116, "Database Inconsistency"},
    {117, "Authentication Failure"},
    {118, "Breach of Confidentiality"},
    {119, "Cable Tamper"},
    {120, "Delayed Information"},
    {121, "Duplicate Information"},
    {122, "Information Missing"},
    {123, "Information Modification"},
    {124, "Information Out of Sequence"},
    {125, "Key Expired"},
    {126, "Non-Repudiation Failure"},
    {127, "Out of Hours Activity"},
    {128, "Out of Service"},
    {129, "Procedural Error"},
    {130, "Unexpected Information"},
};

static const exp_entry exp_status_code[] = {
    {1, "CIM_ERR_FAILED"},
    {2, "CIM_ERR_ACCESS_DENIED"},
    {3, "CIM_ERR_INVALID_NAMESPACE"},
    {4, "CIM_ERR_INVALID_PARAMETER"},
    {5, "CIM_ERR_INVALID_CLASS"},
    {6, "CIM_ERR_NOT_FOUND"},
    {7, "CIM_ERR_NOT_SUPPORTED"},
    {8, "CIM_ERR_CLASS_HAS_CHILDREN"},
    {9, "CIM_ERR_CLASS_HAS_INSTANCES"},
    {10, "CIM_ERR_INVALID_SUPERCLASS"},
    {11, "CIM_ERR_ALREADY_EXISTS"},
    {12, "CIM_ERR_NO_SUCH_PROPERTY"},
    {13, "CIM_ERR_TYPE_MISMATCH"},
    {14, "CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED"},
    {15, "CIM_ERR_INVALID_QUERY"},
    {16, "CIM_ERR_METHOD_NOT_AVAILABLE"},
    {17, "CIM_ERR_METHOD_NOT_FOUND"},
    {18, "CIM_ERR_UNEXPECTED_RESPONSE"},
    {19, "CIM_ERR_INVALID_RESPONSE_DESTINATION"},
    {20, "CIM_ERR_NAMESPACE_NOT_EMPTY"},
    {21, "CIM_ERR_INVALID_ENUMERATION_CONTEXT"},
    {22, "CIM_ERR_INVALID_OPERATION_TIMEOUT"},
    {23, "CIM_ERR_PULL_HAS_BEEN_ABANDONED"},
    {24, "CIM_ERR_PULL_CANNOT_BE_ABANDONED"},
    {25, "CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED"},
    {26, "CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED"},
    {27, "CIM_ERR_SERVER_LIMITS_EXCEEDED"},
    {28, "CIM_ERR_SERVER_IS_SHUTTING_DOWN"},
    {29, "CIM_ERR_QUERY_FEATURE_NOT_SUPPORTED"},
};

/* ---- transcribed from the spec's inline lists ---------------------------- */

static const exp_entry exp_requested_state[] = {
    {2, "Start"}, {3, "Suspend"}, {4, "Terminate"}, {5, "Kill"}, {6, "Service"},
};

static const exp_entry exp_error_type[] = {
    {0, "Unknown"},
    {1, "Other"},
    {2, "Communications Error"},
    {3, "Quality of Service Error"},
    {4, "Software Error"},
    {5, "Hardware Error"},
    {6, "Environmental Error"},
    {7, "Security Error"},
    {8, "Oversubscription Error"},
    {9, "Unavailable Resource Error"},
    {10, "Unsupported Operation Error"},
};

static const exp_entry exp_severity[] = {
    {0, "Unknown"}, {1, "Other"}, {2, "Information"}, {3, "Degraded/Warning"},
    {4, "Minor"},   {5, "Major"}, {6, "Critical"},    {7, "Fatal/NonRecoverable"},
};

static const exp_entry exp_error_source_format[] = {
    {0, "Unknown"},
    {1, "Other"},
    {2, "CIMObjectPath"},
};

static const exp_entry exp_recovery_action[] = {
    {0, "Unknown"},	    {1, "Other"},
    {2, "Do Not Continue"}, {3, "Continue With Next Job"},
    {4, "Re-run Job"},	    {5, "Run Recovery Job"},
};

/* Every expected row is defined with its name, and the table has no more. */
static void check_table(const cim_valuemap *m, const exp_entry *exp, size_t n)
{
	cr_assert_eq(m->n_entries, n, "%s: %zu entries, spec has %zu", m->name, m->n_entries, n);
	for (size_t i = 0; i < n; i++) {
		const char *got = cim_vmap_name(m, exp[i].value);

		cr_assert(got != NULL, "%s: %u is not defined", m->name, exp[i].value);
		cr_expect_str_eq(got, exp[i].name, "%s %u", m->name, exp[i].value);
		cr_expect_eq(cim_vmap_class(m, exp[i].value), CIM_V_DEFINED, "%s %u", m->name,
			     exp[i].value);
	}
}

Test(vmap, job_state)
{
	check_table(&cim_vm_job_state, exp_job_state, LEN(exp_job_state));
}

Test(vmap, geterror_rc)
{
	check_table(&cim_vm_geterror_rc, exp_geterror_rc, LEN(exp_geterror_rc));
}

Test(vmap, rsc_rc)
{
	check_table(&cim_vm_rsc_rc, exp_rsc_rc, LEN(exp_rsc_rc));
}

Test(vmap, op_status)
{
	check_table(&cim_vm_op_status, exp_op_status, LEN(exp_op_status));
}

Test(vmap, probable_cause)
{
	check_table(&cim_vm_probable_cause, exp_probable_cause, LEN(exp_probable_cause));
	/* The causes the reference profile relies on, spelled out once more. */
	cr_expect_str_eq(cim_vmap_name(&cim_vm_probable_cause, 24), "I/O Device Error");
	cr_expect_str_eq(cim_vmap_name(&cim_vm_probable_cause, 50), "Storage Capacity Problem");
	cr_expect_str_eq(cim_vmap_name(&cim_vm_probable_cause, 86), "Disk Failure");
	cr_expect_str_eq(cim_vmap_name(&cim_vm_probable_cause, 111), "Timeout");
	cr_expect_str_eq(cim_vmap_name(&cim_vm_probable_cause, 117), "Authentication Failure");
	cr_expect_str_eq(cim_vmap_name(&cim_vm_probable_cause, 130), "Unexpected Information");
}

Test(vmap, status_code)
{
	check_table(&cim_vm_status_code, exp_status_code, LEN(exp_status_code));
}

Test(vmap, requested_state)
{
	check_table(&cim_vm_requested_state, exp_requested_state, LEN(exp_requested_state));
}

Test(vmap, error_type)
{
	check_table(&cim_vm_error_type, exp_error_type, LEN(exp_error_type));
}

Test(vmap, severity)
{
	check_table(&cim_vm_severity, exp_severity, LEN(exp_severity));
}

Test(vmap, error_source_format)
{
	check_table(&cim_vm_error_source_format, exp_error_source_format,
		    LEN(exp_error_source_format));
}

Test(vmap, recovery_action)
{
	check_table(&cim_vm_recovery_action, exp_recovery_action, LEN(exp_recovery_action));
}

/* ---- reserved and vendor ranges ------------------------------------------ */

typedef struct exp_class {
	uint32_t value;
	cim_vclass cls;
} exp_class;

static void check_classes(const cim_valuemap *m, const exp_class *exp, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cr_expect_eq(cim_vmap_class(m, exp[i].value), exp[i].cls,
			     "%s %u: class %d, spec says %d", m->name, exp[i].value,
			     (int)cim_vmap_class(m, exp[i].value), (int)exp[i].cls);
		if (exp[i].cls != CIM_V_DEFINED)
			cr_expect_null(cim_vmap_name(m, exp[i].value), "%s %u", m->name,
				       exp[i].value);
	}
}

#define D CIM_V_DEFINED
#define R CIM_V_RESERVED
#define V CIM_V_VENDOR

Test(vrange, job_state)
{
	/* There is no 0 or 1; 13..32767 DMTF Reserved; 32768..65535 Vendor. */
	static const exp_class c[] = {{0, R},  {1, R},	   {2, D},     {12, D},
				      {13, R}, {32767, R}, {32768, V}, {65535, V}};
	check_classes(&cim_vm_job_state, c, LEN(c));
}

Test(vrange, geterror_rc)
{
	static const exp_class c[] = {{0, D}, {6, D}, {7, R}, {32767, R}, {32768, V}, {65535, V}};
	check_classes(&cim_vm_geterror_rc, c, LEN(c));
}

Test(vrange, requested_state)
{
	static const exp_class c[] = {{0, R}, {1, R},	  {2, D},     {6, D},
				      {7, R}, {32767, R}, {32768, V}, {65535, V}};
	check_classes(&cim_vm_requested_state, c, LEN(c));
}

Test(vrange, rsc_rc)
{
	/* 7..4095 DMTF Reserved, 4100..32767 Method Reserved: both reserved. */
	static const exp_class c[] = {{6, D},	  {7, R},     {4095, R}, {4096, D},
				      {4097, D},  {4098, D},  {4099, D}, {4100, R},
				      {32767, R}, {32768, V}, {65535, V}};
	check_classes(&cim_vm_rsc_rc, c, LEN(c));
}

Test(vrange, op_status)
{
	static const exp_class c[] = {{19, D}, {20, R}, {0x7FFF, R}, {0x8000, V}, {0xFFFF, V}};
	check_classes(&cim_vm_op_status, c, LEN(c));
}

Test(vrange, error_type)
{
	static const exp_class c[] = {{10, D}, {11, R}, {32768, R}, {65535, R}};
	check_classes(&cim_vm_error_type, c, LEN(c));
}

Test(vrange, severity)
{
	static const exp_class c[] = {{7, D}, {8, R}, {32768, R}, {65535, R}};
	check_classes(&cim_vm_severity, c, LEN(c));
}

Test(vrange, probable_cause)
{
	static const exp_class c[] = {{130, D}, {131, R}, {32768, R}, {65535, R}};
	check_classes(&cim_vm_probable_cause, c, LEN(c));
}

Test(vrange, status_code)
{
	/* CIMStatusCode has no 0; 30.. DMTF Reserved. */
	static const exp_class c[] = {{0, R}, {1, D}, {29, D}, {30, R}, {32768, R}};
	check_classes(&cim_vm_status_code, c, LEN(c));
}

Test(vrange, error_source_format)
{
	static const exp_class c[] = {{2, D}, {3, R}, {32768, R}};
	check_classes(&cim_vm_error_source_format, c, LEN(c));
}

Test(vrange, recovery_action)
{
	static const exp_class c[] = {{5, D}, {6, R}, {32768, R}};
	check_classes(&cim_vm_recovery_action, c, LEN(c));
}

Test(vrange, no_vendor_range_is_empty)
{
	const cim_valuemap *none[] = {&cim_vm_error_type,	   &cim_vm_severity,
				      &cim_vm_probable_cause,	   &cim_vm_status_code,
				      &cim_vm_error_source_format, &cim_vm_recovery_action};

	for (size_t i = 0; i < LEN(none); i++)
		cr_expect_gt(none[i]->vendor_lo, none[i]->vendor_hi, "%s", none[i]->name);
}

Test(vrange, null_map)
{
	cr_expect_null(cim_vmap_name(NULL, 2));
	cr_expect_eq(cim_vmap_class(NULL, 2), CIM_V_RESERVED);
}

/* ---- parse and find -------------------------------------------------------- */

Test(vparse, by_name_any_case)
{
	uint32_t v = 0;

	cr_assert_eq(cim_vmap_parse(&cim_vm_job_state, "Running", &v), 0);
	cr_expect_eq(v, 4);
	cr_assert_eq(cim_vmap_parse(&cim_vm_job_state, "query pending", &v), 0);
	cr_expect_eq(v, 12);
	cr_assert_eq(cim_vmap_parse(&cim_vm_probable_cause, "I/O DEVICE ERROR", &v), 0);
	cr_expect_eq(v, 24);
	cr_assert_eq(cim_vmap_parse(&cim_vm_rsc_rc, "Invalid State Transition", &v), 0);
	cr_expect_eq(v, 4097);
	cr_assert_eq(cim_vmap_parse(&cim_vm_status_code, "CIM_ERR_ACCESS_DENIED", &v), 0);
	cr_expect_eq(v, 2);
}

Test(vparse, by_number_defined_only)
{
	uint32_t v = 0;

	cr_assert_eq(cim_vmap_parse(&cim_vm_job_state, "10", &v), 0);
	cr_expect_eq(v, 10);
	cr_assert_eq(cim_vmap_parse(&cim_vm_rsc_rc, "4099", &v), 0);
	cr_expect_eq(v, 4099);
	v = 77;
	cr_expect_eq(cim_vmap_parse(&cim_vm_job_state, "13", &v), -1, "reserved");
	cr_expect_eq(cim_vmap_parse(&cim_vm_job_state, "32768", &v), -1, "vendor, not defined");
	cr_expect_eq(cim_vmap_parse(&cim_vm_status_code, "0", &v), -1, "no 0");
	cr_expect_eq(v, 77, "a failed parse leaves *v alone");
}

Test(vparse, rejects_junk)
{
	const char *bad[] = {
	    "", " 4", "4 ", "+4", "-1", "4x", "0x4", "Runnin", "99999999999999999999"};
	uint32_t v;

	for (size_t i = 0; i < LEN(bad); i++)
		cr_expect_eq(cim_vmap_parse(&cim_vm_job_state, bad[i], &v), -1, "'%s'", bad[i]);
	cr_expect_eq(cim_vmap_parse(NULL, "Running", &v), -1);
	cr_expect_eq(cim_vmap_parse(&cim_vm_job_state, NULL, &v), -1);
	cr_expect_eq(cim_vmap_parse(&cim_vm_job_state, "Running", NULL), -1);
}

Test(vfind, every_map_by_name)
{
	static const struct {
		const char *name;
		const cim_valuemap *m;
	} maps[] = {
	    {"JobState", &cim_vm_job_state},
	    {"OperationalStatus", &cim_vm_op_status},
	    {"GetErrorReturn", &cim_vm_geterror_rc},
	    {"RequestedState", &cim_vm_requested_state},
	    {"RequestStateChangeReturn", &cim_vm_rsc_rc},
	    {"ErrorType", &cim_vm_error_type},
	    {"PerceivedSeverity", &cim_vm_severity},
	    {"ProbableCause", &cim_vm_probable_cause},
	    {"CIMStatusCode", &cim_vm_status_code},
	    {"ErrorSourceFormat", &cim_vm_error_source_format},
	    {"RecoveryAction", &cim_vm_recovery_action},
	};
	size_t n = 0;

	for (size_t i = 0; i < LEN(maps); i++)
		cr_expect_eq(cim_vmap_find(maps[i].name), maps[i].m, "%s", maps[i].name);
	while (cim_valuemaps[n])
		n++;
	cr_expect_eq(n, LEN(maps), "cim_valuemaps lists every map once");
	cr_expect_eq(cim_vmap_find("probablecause"), &cim_vm_probable_cause);
	cr_expect_null(cim_vmap_find("NoSuchMap"));
	cr_expect_null(cim_vmap_find(NULL));
}
