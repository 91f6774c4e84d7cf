/*
 * srh/cim.h - the CIM model a provider speaks: ValueMaps, CIM_Error and the
 * CIM_ConcreteJob instance a client reads.
 *
 * Numbers come from DMTF CIM Schema 2.41.0 (see shared/spec/cim-valuemaps.md).
 * Every ValueMap is written once, as an X-macro list below; the C enum and
 * the value -> name table (libsrcim, cim_vmap.c) are both generated from that
 * list, so they cannot drift.
 *
 * This header is part of the vendor SDK: the structs and enums are usable
 * with no library at all. The functions at the end live in libsrcim.
 */
#ifndef SRH_CIM_H
#define SRH_CIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ValueMaps: X(value, C-suffix, "DMTF name") ------------------------ */

#define CIM_JOB_STATE_MAP(X)                                                                       \
	X(2, NEW, "New")                                                                           \
	X(3, STARTING, "Starting")                                                                 \
	X(4, RUNNING, "Running")                                                                   \
	X(5, SUSPENDED, "Suspended")                                                               \
	X(6, SHUTTING_DOWN, "Shutting Down")                                                       \
	X(7, COMPLETED, "Completed")                                                               \
	X(8, TERMINATED, "Terminated")                                                             \
	X(9, KILLED, "Killed")                                                                     \
	X(10, EXCEPTION, "Exception")                                                              \
	X(11, SERVICE, "Service")                                                                  \
	X(12, QUERY_PENDING, "Query Pending")

#define CIM_OP_STATUS_MAP(X)                                                                       \
	X(0, UNKNOWN, "Unknown")                                                                   \
	X(1, OTHER, "Other")                                                                       \
	X(2, OK, "OK")                                                                             \
	X(3, DEGRADED, "Degraded")                                                                 \
	X(4, STRESSED, "Stressed")                                                                 \
	X(5, PREDICTIVE_FAILURE, "Predictive Failure")                                             \
	X(6, ERROR, "Error")                                                                       \
	X(7, NON_RECOVERABLE_ERROR, "Non-Recoverable Error")                                       \
	X(8, STARTING, "Starting")                                                                 \
	X(9, STOPPING, "Stopping")                                                                 \
	X(10, STOPPED, "Stopped")                                                                  \
	X(11, IN_SERVICE, "In Service")                                                            \
	X(12, NO_CONTACT, "No Contact")                                                            \
	X(13, LOST_COMMUNICATION, "Lost Communication")                                            \
	X(14, ABORTED, "Aborted")                                                                  \
	X(15, DORMANT, "Dormant")                                                                  \
	X(16, SUPPORTING_ENTITY_IN_ERROR, "Supporting Entity in Error")                            \
	X(17, COMPLETED, "Completed")                                                              \
	X(18, POWER_MODE, "Power Mode")                                                            \
	X(19, RELOCATING, "Relocating")

/* CIM_ConcreteJob.GetError / GetErrors return value */
#define CIM_GETERROR_RC_MAP(X)                                                                     \
	X(0, SUCCESS, "Success")                                                                   \
	X(1, NOT_SUPPORTED, "Not Supported")                                                       \
	X(2, UNSPECIFIED_ERROR, "Unspecified Error")                                               \
	X(3, TIMEOUT, "Timeout")                                                                   \
	X(4, FAILED, "Failed")                                                                     \
	X(5, INVALID_PARAMETER, "Invalid Parameter")                                               \
	X(6, ACCESS_DENIED, "Access Denied")

/* CIM_ConcreteJob.RequestStateChange RequestedState */
#define CIM_REQUESTED_STATE_MAP(X)                                                                 \
	X(2, START, "Start")                                                                       \
	X(3, SUSPEND, "Suspend")                                                                   \
	X(4, TERMINATE, "Terminate")                                                               \
	X(5, KILL, "Kill")                                                                         \
	X(6, SERVICE, "Service")

/* CIM_ConcreteJob.RequestStateChange return value */
#define CIM_RSC_RC_MAP(X)                                                                          \
	X(0, COMPLETED, "Completed with No Error")                                                 \
	X(1, NOT_SUPPORTED, "Not Supported")                                                       \
	X(2, UNKNOWN, "Unknown/Unspecified Error")                                                 \
	X(3, TIMEOUT, "Can NOT complete within Timeout Period")                                    \
	X(4, FAILED, "Failed")                                                                     \
	X(5, INVALID_PARAMETER, "Invalid Parameter")                                               \
	X(6, IN_USE, "In Use")                                                                     \
	X(4096, STARTED, "Method Parameters Checked - Transition Started")                         \
	X(4097, INVALID_STATE_TRANSITION, "Invalid State Transition")                              \
	X(4098, TIMEOUT_NOT_SUPPORTED, "Use of Timeout Parameter Not Supported")                   \
	X(4099, BUSY, "Busy")

/* The client calls on a job that a scenario names and a run records,
 * X(number, C-suffix, "CIM name"); 0 is no call. scn_call and the result
 * record use these numbers. */
#define CIM_CLIENT_CALL_MAP(X)                                                                     \
	X(1, GET_ERROR, "GetError")                                                                \
	X(2, GET_ERRORS, "GetErrors")                                                              \
	X(3, GET_INSTANCE, "GetInstance")                                                          \
	X(4, ENUMERATE_INSTANCES, "EnumerateInstances")                                            \
	X(5, REQUEST_STATE_CHANGE, "RequestStateChange")

#define CIM_ERROR_TYPE_MAP(X)                                                                      \
	X(0, UNKNOWN, "Unknown")                                                                   \
	X(1, OTHER, "Other")                                                                       \
	X(2, COMMUNICATIONS, "Communications Error")                                               \
	X(3, QOS, "Quality of Service Error")                                                      \
	X(4, SOFTWARE, "Software Error")                                                           \
	X(5, HARDWARE, "Hardware Error")                                                           \
	X(6, ENVIRONMENTAL, "Environmental Error")                                                 \
	X(7, SECURITY, "Security Error")                                                           \
	X(8, OVERSUBSCRIPTION, "Oversubscription Error")                                           \
	X(9, UNAVAILABLE_RESOURCE, "Unavailable Resource Error")                                   \
	X(10, UNSUPPORTED_OPERATION, "Unsupported Operation Error")

#define CIM_SEVERITY_MAP(X)                                                                        \
	X(0, UNKNOWN, "Unknown")                                                                   \
	X(1, OTHER, "Other")                                                                       \
	X(2, INFORMATION, "Information")                                                           \
	X(3, DEGRADED, "Degraded/Warning")                                                         \
	X(4, MINOR, "Minor")                                                                       \
	X(5, MAJOR, "Major")                                                                       \
	X(6, CRITICAL, "Critical")                                                                 \
	X(7, FATAL, "Fatal/NonRecoverable")

#define CIM_PROBABLE_CAUSE_MAP(X)                                                                  \
	X(0, UNKNOWN, "Unknown")                                                                   \
	X(1, OTHER, "Other")                                                                       \
	X(2, ADAPTER_CARD_ERROR, "Adapter/Card Error")                                             \
	X(3, APPLICATION_SUBSYSTEM_FAILURE, "Application Subsystem Failure")                       \
	X(4, BANDWIDTH_REDUCED, "Bandwidth Reduced")                                               \
	X(5, CONNECTION_ESTABLISHMENT_ERROR, "Connection Establishment Error")                     \
	X(6, COMMUNICATIONS_PROTOCOL_ERROR, "Communications Protocol Error")                       \
	X(7, COMMUNICATIONS_SUBSYSTEM_FAILURE, "Communications Subsystem Failure")                 \
	X(8, CONFIGURATION_ERROR, "Configuration/Customization Error")                             \
	X(9, CONGESTION, "Congestion")                                                             \
	X(10, CORRUPT_DATA, "Corrupt Data")                                                        \
	X(11, CPU_CYCLES_LIMIT_EXCEEDED, "CPU Cycles Limit Exceeded")                              \
	X(12, DATASET_MODEM_ERROR, "Dataset/Modem Error")                                          \
	X(13, DEGRADED_SIGNAL, "Degraded Signal")                                                  \
	X(14, DTE_DCE_INTERFACE_ERROR, "DTE-DCE Interface Error")                                  \
	X(15, ENCLOSURE_DOOR_OPEN, "Enclosure Door Open")                                          \
	X(16, EQUIPMENT_MALFUNCTION, "Equipment Malfunction")                                      \
	X(17, EXCESSIVE_VIBRATION, "Excessive Vibration")                                          \
	X(18, FILE_FORMAT_ERROR, "File Format Error")                                              \
	X(19, FIRE_DETECTED, "Fire Detected")                                                      \
	X(20, FLOOD_DETECTED, "Flood Detected")                                                    \
	X(21, FRAMING_ERROR, "Framing Error")                                                      \
	X(22, HVAC_PROBLEM, "HVAC Problem")                                                        \
	X(23, HUMIDITY_UNACCEPTABLE, "Humidity Unacceptable")                                      \
	X(24, IO_DEVICE_ERROR, "I/O Device Error")                                                 \
	X(25, INPUT_DEVICE_ERROR, "Input Device Error")                                            \
	X(26, LAN_ERROR, "LAN Error")                                                              \
	X(27, NON_TOXIC_LEAK_DETECTED, "Non-Toxic Leak Detected")                                  \
	X(28, LOCAL_NODE_TRANSMISSION_ERROR, "Local Node Transmission Error")                      \
	X(29, LOSS_OF_FRAME, "Loss of Frame")                                                      \
	X(30, LOSS_OF_SIGNAL, "Loss of Signal")                                                    \
	X(31, MATERIAL_SUPPLY_EXHAUSTED, "Material Supply Exhausted")                              \
	X(32, MULTIPLEXER_PROBLEM, "Multiplexer Problem")                                          \
	X(33, OUT_OF_MEMORY, "Out of Memory")                                                      \
	X(34, OUTPUT_DEVICE_ERROR, "Output Device Error")                                          \
	X(35, PERFORMANCE_DEGRADED, "Performance Degraded")                                        \
	X(36, POWER_PROBLEM, "Power Problem")                                                      \
	X(37, PRESSURE_UNACCEPTABLE, "Pressure Unacceptable")                                      \
	X(38, PROCESSOR_PROBLEM, "Processor Problem (Internal Machine Error)")                     \
	X(39, PUMP_FAILURE, "Pump Failure")                                                        \
	X(40, QUEUE_SIZE_EXCEEDED, "Queue Size Exceeded")                                          \
	X(41, RECEIVE_FAILURE, "Receive Failure")                                                  \
	X(42, RECEIVER_FAILURE, "Receiver Failure")                                                \
	X(43, REMOTE_NODE_TRANSMISSION_ERROR, "Remote Node Transmission Error")                    \
	X(44, RESOURCE_NEARING_CAPACITY, "Resource at or Nearing Capacity")                        \
	X(45, RESPONSE_TIME_EXCESSIVE, "Response Time Excessive")                                  \
	X(46, RETRANSMISSION_RATE_EXCESSIVE, "Retransmission Rate Excessive")                      \
	X(47, SOFTWARE_ERROR, "Software Error")                                                    \
	X(48, SOFTWARE_ABNORMALLY_TERMINATED, "Software Program Abnormally Terminated")            \
	X(49, SOFTWARE_PROGRAM_ERROR, "Software Program Error (Incorrect Results)")                \
	X(50, STORAGE_CAPACITY_PROBLEM, "Storage Capacity Problem")                                \
	X(51, TEMPERATURE_UNACCEPTABLE, "Temperature Unacceptable")                                \
	X(52, THRESHOLD_CROSSED, "Threshold Crossed")                                              \
	X(53, TIMING_PROBLEM, "Timing Problem")                                                    \
	X(54, TOXIC_LEAK_DETECTED, "Toxic Leak Detected")                                          \
	X(55, TRANSMIT_FAILURE, "Transmit Failure")                                                \
	X(56, TRANSMITTER_FAILURE, "Transmitter Failure")                                          \
	X(57, UNDERLYING_RESOURCE_UNAVAILABLE, "Underlying Resource Unavailable")                  \
	X(58, VERSION_MISMATCH, "Version Mismatch")                                                \
	X(59, PREVIOUS_ALERT_CLEARED, "Previous Alert Cleared")                                    \
	X(60, LOGIN_ATTEMPTS_FAILED, "Login Attempts Failed")                                      \
	X(61, SOFTWARE_VIRUS_DETECTED, "Software Virus Detected")                                  \
	X(62, HARDWARE_SECURITY_BREACHED, "Hardware Security Breached")                            \
	X(63, DENIAL_OF_SERVICE_DETECTED, "Denial of Service Detected")                            \
	X(64, SECURITY_CREDENTIAL_MISMATCH, "Security Credential Mismatch")                        \
	X(65, UNAUTHORIZED_ACCESS, "Unauthorized Access")                                          \
	X(66, ALARM_RECEIVED, "Alarm Received")                                                    \
	X(67, LOSS_OF_POINTER, "Loss of Pointer")                                                  \
	X(68, PAYLOAD_MISMATCH, "Payload Mismatch")                                                \
	X(69, TRANSMISSION_ERROR, "Transmission Error")                                            \
	X(70, EXCESSIVE_ERROR_RATE, "Excessive Error Rate")                                        \
	X(71, TRACE_PROBLEM, "Trace Problem")                                                      \
	X(72, ELEMENT_UNAVAILABLE, "Element Unavailable")                                          \
	X(73, ELEMENT_MISSING, "Element Missing")                                                  \
	X(74, LOSS_OF_MULTI_FRAME, "Loss of Multi Frame")                                          \
	X(75, BROADCAST_CHANNEL_FAILURE, "Broadcast Channel Failure")                              \
	X(76, INVALID_MESSAGE_RECEIVED, "Invalid Message Received")                                \
	X(77, ROUTING_FAILURE, "Routing Failure")                                                  \
	X(78, BACKPLANE_FAILURE, "Backplane Failure")                                              \
	X(79, IDENTIFIER_DUPLICATION, "Identifier Duplication")                                    \
	X(80, PROTECTION_PATH_FAILURE, "Protection Path Failure")                                  \
	X(81, SYNC_LOSS_OR_MISMATCH, "Sync Loss or Mismatch")                                      \
	X(82, TERMINAL_PROBLEM, "Terminal Problem")                                                \
	X(83, REAL_TIME_CLOCK_FAILURE, "Real Time Clock Failure")                                  \
	X(84, ANTENNA_FAILURE, "Antenna Failure")                                                  \
	X(85, BATTERY_CHARGING_FAILURE, "Battery Charging Failure")                                \
	X(86, DISK_FAILURE, "Disk Failure")                                                        \
	X(87, FREQUENCY_HOPPING_FAILURE, "Frequency Hopping Failure")                              \
	X(88, LOSS_OF_REDUNDANCY, "Loss of Redundancy")                                            \
	X(89, POWER_SUPPLY_FAILURE, "Power Supply Failure")                                        \
	X(90, SIGNAL_QUALITY_PROBLEM, "Signal Quality Problem")                                    \
	X(91, BATTERY_DISCHARGING, "Battery Discharging")                                          \
	X(92, BATTERY_FAILURE, "Battery Failure")                                                  \
	X(93, COMMERCIAL_POWER_PROBLEM, "Commercial Power Problem")                                \
	X(94, FAN_FAILURE, "Fan Failure")                                                          \
	X(95, ENGINE_FAILURE, "Engine Failure")                                                    \
	X(96, SENSOR_FAILURE, "Sensor Failure")                                                    \
	X(97, FUSE_FAILURE, "Fuse Failure")                                                        \
	X(98, GENERATOR_FAILURE, "Generator Failure")                                              \
	X(99, LOW_BATTERY, "Low Battery")                                                          \
	X(100, LOW_FUEL, "Low Fuel")                                                               \
	X(101, LOW_WATER, "Low Water")                                                             \
	X(102, EXPLOSIVE_GAS, "Explosive Gas")                                                     \
	X(103, HIGH_WINDS, "High Winds")                                                           \
	X(104, ICE_BUILDUP, "Ice Buildup")                                                         \
	X(105, SMOKE, "Smoke")                                                                     \
	X(106, MEMORY_MISMATCH, "Memory Mismatch")                                                 \
	X(107, OUT_OF_CPU_CYCLES, "Out of CPU Cycles")                                             \
	X(108, SOFTWARE_ENVIRONMENT_PROBLEM, "Software Environment Problem")                       \
	X(109, SOFTWARE_DOWNLOAD_FAILURE, "Software Download Failure")                             \
	X(110, ELEMENT_REINITIALIZED, "Element Reinitialized")                                     \
	X(111, TIMEOUT, "Timeout")                                                                 \
	X(112, LOGGING_PROBLEMS, "Logging Problems")                                               \
	X(113, LEAK_DETECTED, "Leak Detected")                                                     \
	X(114, PROTECTION_MECHANISM_FAILURE, "Protection Mechanism Failure")                       \
	X(115, PROTECTING_RESOURCE_FAILURE, "Protecting Resource Failure")                         \
	X(116, DATABASE_INCONSISTENCY, "Database Inconsistency")                                   \
	X(117, AUTHENTICATION_FAILURE, "Authentication Failure")                                   \
	X(118, BREACH_OF_CONFIDENTIALITY, "Breach of Confidentiality")                             \
	X(119, CABLE_TAMPER, "Cable Tamper")                                                       \
	X(120, DELAYED_INFORMATION, "Delayed Information")                                         \
	X(121, DUPLICATE_INFORMATION, "Duplicate Information")                                     \
	X(122, INFORMATION_MISSING, "Information Missing")                                         \
	X(123, INFORMATION_MODIFICATION, "Information Modification")                               \
	X(124, INFORMATION_OUT_OF_SEQUENCE, "Information Out of Sequence")                         \
	X(125, KEY_EXPIRED, "Key Expired")                                                         \
	X(126, NON_REPUDIATION_FAILURE, "Non-Repudiation Failure")                                 \
	X(127, OUT_OF_HOURS_ACTIVITY, "Out of Hours Activity")                                     \
	X(128, OUT_OF_SERVICE, "Out of Service")                                                   \
	X(129, PROCEDURAL_ERROR, "Procedural Error")                                               \
	X(130, UNEXPECTED_INFORMATION, "Unexpected Information")

#define CIM_STATUS_CODE_MAP(X)                                                                     \
	X(1, FAILED, "CIM_ERR_FAILED")                                                             \
	X(2, ACCESS_DENIED, "CIM_ERR_ACCESS_DENIED")                                               \
	X(3, INVALID_NAMESPACE, "CIM_ERR_INVALID_NAMESPACE")                                       \
	X(4, INVALID_PARAMETER, "CIM_ERR_INVALID_PARAMETER")                                       \
	X(5, INVALID_CLASS, "CIM_ERR_INVALID_CLASS")                                               \
	X(6, NOT_FOUND, "CIM_ERR_NOT_FOUND")                                                       \
	X(7, NOT_SUPPORTED, "CIM_ERR_NOT_SUPPORTED")                                               \
	X(8, CLASS_HAS_CHILDREN, "CIM_ERR_CLASS_HAS_CHILDREN")                                     \
	X(9, CLASS_HAS_INSTANCES, "CIM_ERR_CLASS_HAS_INSTANCES")                                   \
	X(10, INVALID_SUPERCLASS, "CIM_ERR_INVALID_SUPERCLASS")                                    \
	X(11, ALREADY_EXISTS, "CIM_ERR_ALREADY_EXISTS")                                            \
	X(12, NO_SUCH_PROPERTY, "CIM_ERR_NO_SUCH_PROPERTY")                                        \
	X(13, TYPE_MISMATCH, "CIM_ERR_TYPE_MISMATCH")                                              \
	X(14, QUERY_LANGUAGE_NOT_SUPPORTED, "CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED")                \
	X(15, INVALID_QUERY, "CIM_ERR_INVALID_QUERY")                                              \
	X(16, METHOD_NOT_AVAILABLE, "CIM_ERR_METHOD_NOT_AVAILABLE")                                \
	X(17, METHOD_NOT_FOUND, "CIM_ERR_METHOD_NOT_FOUND")                                        \
	X(18, UNEXPECTED_RESPONSE, "CIM_ERR_UNEXPECTED_RESPONSE")                                  \
	X(19, INVALID_RESPONSE_DESTINATION, "CIM_ERR_INVALID_RESPONSE_DESTINATION")                \
	X(20, NAMESPACE_NOT_EMPTY, "CIM_ERR_NAMESPACE_NOT_EMPTY")                                  \
	X(21, INVALID_ENUMERATION_CONTEXT, "CIM_ERR_INVALID_ENUMERATION_CONTEXT")                  \
	X(22, INVALID_OPERATION_TIMEOUT, "CIM_ERR_INVALID_OPERATION_TIMEOUT")                      \
	X(23, PULL_HAS_BEEN_ABANDONED, "CIM_ERR_PULL_HAS_BEEN_ABANDONED")                          \
	X(24, PULL_CANNOT_BE_ABANDONED, "CIM_ERR_PULL_CANNOT_BE_ABANDONED")                        \
	X(25, FILTERED_ENUMERATION_NOT_SUPPORTED, "CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED")    \
	X(26, CONTINUATION_ON_ERROR_NOT_SUPPORTED, "CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED")  \
	X(27, SERVER_LIMITS_EXCEEDED, "CIM_ERR_SERVER_LIMITS_EXCEEDED")                            \
	X(28, SERVER_IS_SHUTTING_DOWN, "CIM_ERR_SERVER_IS_SHUTTING_DOWN")                          \
	X(29, QUERY_FEATURE_NOT_SUPPORTED, "CIM_ERR_QUERY_FEATURE_NOT_SUPPORTED")

#define CIM_ERROR_SOURCE_FORMAT_MAP(X)                                                             \
	X(0, UNKNOWN, "Unknown")                                                                   \
	X(1, OTHER, "Other")                                                                       \
	X(2, CIM_OBJECT_PATH, "CIMObjectPath")

#define CIM_RECOVERY_ACTION_MAP(X)                                                                 \
	X(0, UNKNOWN, "Unknown")                                                                   \
	X(1, OTHER, "Other")                                                                       \
	X(2, DO_NOT_CONTINUE, "Do Not Continue")                                                   \
	X(3, CONTINUE_WITH_NEXT_JOB, "Continue With Next Job")                                     \
	X(4, RERUN_JOB, "Re-run Job")                                                              \
	X(5, RUN_RECOVERY_JOB, "Run Recovery Job")

/* ---- C enums generated from the lists ---------------------------------- */

#define CIM_ENUM_ITEM_(prefix, v, id, name) prefix##id = v,
#define CIM_JS_(v, id, n) CIM_ENUM_ITEM_(CIM_JS_, v, id, n)
#define CIM_OS_(v, id, n) CIM_ENUM_ITEM_(CIM_OS_, v, id, n)
#define CIM_GE_(v, id, n) CIM_ENUM_ITEM_(CIM_GE_, v, id, n)
#define CIM_RS_(v, id, n) CIM_ENUM_ITEM_(CIM_RS_, v, id, n)
#define CIM_RSC_(v, id, n) CIM_ENUM_ITEM_(CIM_RSC_, v, id, n)
#define CIM_ET_(v, id, n) CIM_ENUM_ITEM_(CIM_ET_, v, id, n)
#define CIM_SEV_(v, id, n) CIM_ENUM_ITEM_(CIM_SEV_, v, id, n)
#define CIM_PC_(v, id, n) CIM_ENUM_ITEM_(CIM_PC_, v, id, n)
#define CIM_SC_(v, id, n) CIM_ENUM_ITEM_(CIM_SC_, v, id, n)
#define CIM_ESF_(v, id, n) CIM_ENUM_ITEM_(CIM_ESF_, v, id, n)
#define CIM_RA_(v, id, n) CIM_ENUM_ITEM_(CIM_RA_, v, id, n)

typedef enum cim_job_state { CIM_JOB_STATE_MAP(CIM_JS_) } cim_job_state;
typedef enum cim_op_status { CIM_OP_STATUS_MAP(CIM_OS_) } cim_op_status;
typedef enum cim_geterror_rc { CIM_GETERROR_RC_MAP(CIM_GE_) } cim_geterror_rc;
typedef enum cim_requested_state { CIM_REQUESTED_STATE_MAP(CIM_RS_) } cim_requested_state;
typedef enum cim_rsc_rc { CIM_RSC_RC_MAP(CIM_RSC_) } cim_rsc_rc;
typedef enum cim_error_type { CIM_ERROR_TYPE_MAP(CIM_ET_) } cim_error_type;
typedef enum cim_severity { CIM_SEVERITY_MAP(CIM_SEV_) } cim_severity;
typedef enum cim_probable_cause { CIM_PROBABLE_CAUSE_MAP(CIM_PC_) } cim_probable_cause;
typedef enum cim_status_code { CIM_STATUS_CODE_MAP(CIM_SC_) } cim_status_code;
typedef enum cim_error_source_format {
	CIM_ERROR_SOURCE_FORMAT_MAP(CIM_ESF_)
} cim_error_source_format;
typedef enum cim_recovery_action { CIM_RECOVERY_ACTION_MAP(CIM_RA_) } cim_recovery_action;

/* Vendor ranges shared by several ValueMaps. */
#define CIM_VENDOR_LO 32768u
#define CIM_VENDOR_HI 65535u

/* ---- Instances ---------------------------------------------------------- */

/*
 * CIM_Error 2.22.1. Every string and array is owned by the struct: whoever
 * made it frees it with the matching free function (cim_error_free() in
 * libsrcim for ours; a provider's own free_error op across the ABI).
 * A NULL string is a NULL CIM property.
 */
typedef struct cim_error {
	uint16_t error_type;
	char *other_error_type;
	char *owning_entity;
	char *message_id; /* Required */
	char *message;
	char **message_arguments;
	size_t n_message_arguments;
	uint16_t perceived_severity;
	uint16_t probable_cause;
	char *probable_cause_description;
	char **recommended_actions;
	size_t n_recommended_actions;
	char *error_source;
	uint16_t error_source_format;
	char *other_error_source_format;
	uint32_t cim_status_code;
	char *cim_status_code_description;
} cim_error;

#define CIM_OPSTATUS_MAX 8

/*
 * A CIM_ConcreteJob instance as a client reads it. Times are virtual
 * nanoseconds since the simulator's epoch (CIM_EPOCH below); a time of
 * CIM_TIME_NULL is a NULL datetime.
 */
#define CIM_TIME_NULL UINT64_MAX
typedef struct cim_job {
	char *class_name;  /* e.g. "SRSIM_ReplicaJob" (derives CIM_ConcreteJob) */
	char *instance_id; /* Key: "<OrgID>:<LocalID>" */
	char *name;
	uint16_t job_state;
	uint16_t op_status[CIM_OPSTATUS_MAX];
	size_t n_op_status;
	uint64_t time_submitted;
	uint64_t start_time;
	uint64_t elapsed_time; /* interval */
	uint64_t time_of_last_state_change;
	uint64_t time_before_removal; /* interval */
	uint16_t percent_complete;
	char *owner;
	uint16_t error_code;
	char *error_description;
	bool delete_on_completion;
} cim_job;

/* ---- libsrcim: tables and helpers -------------------------------------- */

typedef enum cim_vclass {
	CIM_V_DEFINED = 0, /* a named value of the ValueMap */
	CIM_V_RESERVED,	   /* DMTF (or Method) Reserved: never valid */
	CIM_V_VENDOR,	   /* vendor range of this ValueMap */
} cim_vclass;

typedef struct cim_vmap_entry {
	uint32_t value;
	const char *name;
} cim_vmap_entry;

typedef struct cim_valuemap {
	const char *name; /* "JobState", "ProbableCause", ... */
	const cim_vmap_entry *entries;
	size_t n_entries;
	uint32_t vendor_lo, vendor_hi; /* vendor_lo > vendor_hi: no vendor range */
} cim_valuemap;

extern const cim_valuemap cim_vm_job_state;
extern const cim_valuemap cim_vm_op_status;
extern const cim_valuemap cim_vm_geterror_rc;
extern const cim_valuemap cim_vm_requested_state;
extern const cim_valuemap cim_vm_rsc_rc;
extern const cim_valuemap cim_vm_error_type;
extern const cim_valuemap cim_vm_severity;
extern const cim_valuemap cim_vm_probable_cause;
extern const cim_valuemap cim_vm_status_code;
extern const cim_valuemap cim_vm_error_source_format;
extern const cim_valuemap cim_vm_recovery_action;

/* Names of CIM_CLIENT_CALL_MAP by number: NULL at 0, then "GetError" ..
 * "RequestStateChange", then NULL (cim_client_calls + 1 is a
 * NULL-terminated list). */
extern const char *const cim_client_calls[];
/* Name of client call c, or NULL when c is none of them. */
const char *cim_client_call_name(unsigned c);

/* All ValueMaps above, NULL-terminated (for lookup by name). */
extern const cim_valuemap *const cim_valuemaps[];

/* Name of a defined value, or NULL when v is not a defined value. */
const char *cim_vmap_name(const cim_valuemap *m, uint32_t v);
/* Class of v in m: defined, reserved, or vendor. */
cim_vclass cim_vmap_class(const cim_valuemap *m, uint32_t v);
/* Value whose name equals name (case-insensitive) or whose decimal text is a
 * defined value. Returns 0 and sets *v on success; -1 otherwise. */
int cim_vmap_parse(const cim_valuemap *m, const char *name, uint32_t *v);
/* Find a ValueMap by its name ("JobState"); NULL if none. */
const cim_valuemap *cim_vmap_find(const char *name);

/* Deep copy. On allocation failure returns NULL and changes nothing. */
cim_error *cim_error_dup(const cim_error *e);
/*
 * Deep copy of an Error a provider that may be hostile returned: each
 * string cut at max_str bytes (never read further), a string array whose
 * count is above max_arr (or a NULL array with a count) copied as a NULL
 * array, never read. NULL for NULL e; on allocation failure returns NULL.
 */
cim_error *cim_error_dup_capped(const cim_error *e, size_t max_str, size_t max_arr);
/* Free an error made by libsrcim (cim_error_dup or the provider). NULL ok. */
void cim_error_free(cim_error *e);
/* Property-by-property equality (NULL == NULL). */
bool cim_error_equal(const cim_error *a, const cim_error *b);

/* Deep copy; NULL for NULL j. On allocation failure returns NULL. */
cim_job *cim_job_dup(const cim_job *j);
/* Deep copy of a job instance a provider returned, each string cut at
 * max_str bytes (never read further). On allocation failure returns NULL. */
cim_job *cim_job_dup_capped(const cim_job *j, size_t max_str);
void cim_job_free(cim_job *j);

/*
 * Text that may come from a hostile provider or file. cim_utf8_next: the
 * length of the valid UTF-8 sequence at s (n bytes available; a NUL ends
 * it), its code point in *cp (cp may be NULL); 0 when the bytes do not
 * start one (overlong, surrogate, past U+10FFFF, cut short).
 */
size_t cim_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);
/*
 * The printable stand-in for the bytes at s (n > 0 available): printable
 * ASCII and valid UTF-8 as they are, a backslash as two, any other byte
 * (control, DEL, not UTF-8) as "\xNN"; with esc_c1 the C1 controls
 * U+0080..U+009F are escaped byte by byte too. Writes it NUL-terminated
 * into piece, returns its length and sets *used to the bytes of s it
 * stands for. Never fails.
 */
size_t cim_esc_piece(const char *s, size_t n, bool esc_c1, char piece[8], size_t *used);
/*
 * src (NULL reads as "") into dst (len bytes, NUL-terminated, cut to fit)
 * with control characters as \n, \r, \t or \xhh, so a quoted value
 * cannot break a one-line message. Does nothing when len is 0.
 */
void cim_line_escape(char *dst, size_t len, const char *src);

/* Does the job's JobState mean it has ended (7..10)? */
bool cim_job_state_is_final(uint16_t js);

/*
 * CIM datetime text. Virtual time 0 is CIM_EPOCH; a timestamp renders as
 * "yyyymmddhhmmss.mmmmmm+000", an interval as "ddddddddhhmmss.mmmmmm:000".
 * buf must hold CIM_DATETIME_LEN + 1 bytes. Returns buf.
 */
#define CIM_EPOCH_TEXT "20260101000000.000000+000"
#define CIM_DATETIME_LEN 25
char *cim_datetime(uint64_t ns, char *buf);
char *cim_interval(uint64_t ns, char *buf);
/* Their inverses (UTC offset of a timestamp must be +000/-000). Return 0
 * and set *ns; -1 on text that is not one, or a time before CIM_EPOCH.
 * "" parses as CIM_TIME_NULL. */
int cim_parse_datetime(const char *text, uint64_t *ns);
int cim_parse_interval(const char *text, uint64_t *ns);

/*
 * The MOF declaration of a property a client reads: its CIM type name as
 * DSP0201/DSP0230 write it ("uint16", "string", "datetime", ...) and
 * whether it is an array. cim_decl_find returns NULL for a property the
 * table does not declare (or a NULL name).
 */
typedef enum cim_decl_class { CIM_DECL_ERROR, CIM_DECL_JOB } cim_decl_class;
typedef struct cim_prop_decl {
	const char *name;
	const char *type;
	bool array;
} cim_prop_decl;
const cim_prop_decl *cim_decl_find(cim_decl_class cls, const char *name);

/*
 * MOF-style text of an instance ("instance of CIM_Error { ... };"), as a
 * malloc'ed string. On allocation failure returns NULL.
 */
char *cim_error_mof(const cim_error *e);
char *cim_job_mof(const cim_job *j);

#ifdef __cplusplus
}
#endif
#endif /* SRH_CIM_H */
