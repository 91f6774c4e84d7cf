/*
 * srh_rcdesc.h - a provider's own description of a vendor-specific return
 * code (contract.md: 32768..65535 "allowed; recorded with the provider's
 * own description"), fetched through ops->rc_description and made safe to
 * keep, send over the fork pipe, store and print.
 */
#ifndef SRH_RCDESC_H
#define SRH_RCDESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh/prov_abi.h"
#include "srh_result.h"

/* Is rc in the vendor-specific range 32768..65535 (SRH_RC_VENDOR)? */
bool srh_rc_is_vendor(uint32_t rc);

/*
 * The provider's description of rc as a new string, or NULL when rc is not
 * vendor-specific, ops has no rc_description, or it answers NULL or "".
 * The provider's text is read at most SRH_CHECK_MAX_STR bytes far (like the
 * checker's strings); the copy is valid UTF-8 with no control character
 * (an invalid byte, a control character and a backslash are written as
 * \xNN / \\) and at most SRH_CHECK_MAX_STR bytes long ("..." ends a cut
 * text). On allocation failure returns NULL and sets *fail.
 */
char *srh_rc_desc_get(const prov_ops *ops, prov_ctx *ctx, uint32_t rc, int *fail);

/*
 * A copy of a string a provider returned that is safe to keep and send: s
 * itself when it is valid UTF-8 of at most SRH_CHECK_MAX_STR bytes
 * (srh_check_text_ok), else the same escaped rendering as an rc
 * description (invalid bytes, control characters and backslashes as \xNN
 * / \\, "..." ending a cut text). Reads at most SRH_CHECK_MAX_STR + 1
 * bytes of s. NULL for NULL s; on allocation failure returns NULL and sets
 * *fail.
 */
char *srh_text_safe(const char *s, int *fail);

/*
 * " (text)" for a vendor-specific rc, " (no description)" when desc is
 * NULL, "" for any other rc: what follows the number wherever an rc is
 * printed. Cut to fit len on a UTF-8 boundary. Returns buf.
 */
char *srh_rc_note(char *buf, size_t len, uint32_t rc, const char *desc);

#endif
