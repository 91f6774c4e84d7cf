/*
 * http_user.c - HTTP Basic users ("name:password" or
 * "name:password:admin") and the principal a pair of credentials maps to.
 */
#include <string.h>

#include "http.h"

int http_user_parse(const char *text, http_user *u)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	size_t nl, pl;
	const char *pass;

	memset(u, 0, sizeof *u);
	if (!colon || colon == text)
		return -1;
	nl = (size_t)(colon - text);
	pass = colon + 1;
	pl = strlen(pass);
	if (pl >= 6 && strcmp(pass + pl - 6, ":admin") == 0) {
		u->admin = true;
		pl -= 6;
	}
	if (nl >= sizeof u->name || pl >= sizeof u->pass || memchr(text, '\n', nl + 1 + pl)) {
		memset(u, 0, sizeof *u);
		return -1;
	}
	memcpy(u->name, text, nl);
	memcpy(u->pass, pass, pl);
	return 0;
}

/* Equal strings, in a time that depends on the stored password's size
 * only, so a client cannot learn it a byte at a time. */
static bool same_secret(const char *stored, const char *given)
{
	size_t sl = strlen(stored), gl = strlen(given);
	unsigned char diff = (unsigned char)(sl != gl);

	for (size_t i = 0; i < sl; i++)
		diff |= (unsigned char)(stored[i] ^ (i < gl ? given[i] : 0));
	return diff == 0;
}

const http_user *http_user_find(const http_user *users, size_t n, const char *name,
				const char *pass)
{
	const http_user *found = NULL;

	for (size_t i = 0; name && pass && i < n; i++)
		if (strcmp(users[i].name, name) == 0 && same_secret(users[i].pass, pass) && !found)
			found = &users[i];
	return found;
}
