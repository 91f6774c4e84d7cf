/*
 * cimxml_user.c - the server's user list entries ("name:password" or
 * "name:password:admin"): HTTP Basic credentials and whether the principal
 * they map to is an administrator.
 */
#include <stdio.h>
#include <string.h>

#include "cimxml.h"

int cimxml_user_parse(const char *text, cimxml_user *u)
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
	if (nl >= sizeof u->name || pl >= sizeof u->pass || memchr(text, '\n', nl + 1 + pl))
		return -1;
	memcpy(u->name, text, nl);
	memcpy(u->pass, pass, pl);
	return 0;
}
