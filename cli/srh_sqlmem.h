/*
 * srh_sqlmem.h - SQLite's memory from per-thread free lists (srh_sqlmem.c).
 */
#ifndef SRH_SQLMEM_H
#define SRH_SQLMEM_H

/* Makes SQLite allocate from per-thread free lists of size classes. Call
 * before SQLite initializes. Returns 0 (also when it stays with SQLite's
 * own allocator under a sanitizer or valgrind), or -1 when SQLite refused
 * the allocator (already initialized) or no thread key was left: SQLite
 * then keeps its own, nothing else changes. */
int srh_sqlmem_install(void);

#endif
