/*
 * srprov_ref.h - how a program linked with the static reference provider
 * (srprov_ref_static) reaches it without dlopen: the same entry symbol the
 * .so exports.
 */
#ifndef SRPROV_REF_PUBLIC_H
#define SRPROV_REF_PUBLIC_H

#include <stdint.h>

#include "srh/prov_abi.h"

/* The ops table when host_abi_version has our ABI major, else NULL. */
const prov_ops *srh_provider_entry(uint32_t host_abi_version);

/* The same table under a name of its own, for a program that links this
 * library and exports an srh_provider_entry of its own (a wrapper
 * provider). Never NULL. */
const prov_ops *srprov_ref_ops(void);

#endif /* SRPROV_REF_PUBLIC_H */
