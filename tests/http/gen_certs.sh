#!/bin/bash
# Make a throwaway CA, a server certificate it signs for 127.0.0.1 and
# localhost, and a second CA that signs nothing here (to be refused), all in
# DIR, with the openssl command. Nothing here is committed: the keys live
# only as long as the test's temporary directory.
# usage: gen_certs.sh DIR
set -eu
d=$1
q() { "$@" >/dev/null 2>&1; }
q openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=srh test CA" \
	-keyout "$d/ca.key" -out "$d/ca.pem"
q openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=srh other CA" \
	-keyout "$d/other.key" -out "$d/other.pem"
q openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
	-keyout "$d/server.key" -out "$d/server.csr"
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$d/ext"
q openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
	-days 2 -extfile "$d/ext" -out "$d/server.pem"
# The same key, a certificate for another name only.
q openssl req -new -key "$d/server.key" -subj "/CN=elsewhere.invalid" -out "$d/wrongname.csr"
printf 'subjectAltName=DNS:elsewhere.invalid\n' >"$d/ext2"
q openssl x509 -req -in "$d/wrongname.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
	-days 2 -extfile "$d/ext2" -out "$d/wrongname.pem"
