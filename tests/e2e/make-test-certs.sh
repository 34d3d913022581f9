#!/bin/sh
# Makes the certificates of test-tls in the folder $1: a test CA and
# leaves for 127.0.0.1 that are good, expired, for another host,
# self-signed, and signed by a CA the client does not trust.
set -eu
cd "$1"

cat > ca.cnf <<'CNF'
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
[ any ]
commonName = supplied
CNF

make_ca () {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 30 -subj "/CN=$2" 2>/dev/null
}

# leaf NAME SAN CA [START END]
leaf () {
  : > index.txt
  echo 01 > serial
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" \
    -addext "subjectAltName=$2" 2>/dev/null
  if [ $# -eq 5 ]; then
    openssl ca -batch -config ca.cnf -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" -out "$1.pem" \
      -startdate "$4" -enddate "$5" >/dev/null 2>&1
  else
    openssl ca -batch -config ca.cnf -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" -out "$1.pem" \
      -days 30 >/dev/null 2>&1
  fi
}

make_ca ca "Roster Test CA"
make_ca other-ca "Someone Else's CA"
leaf good "IP:127.0.0.1" ca
leaf expired "IP:127.0.0.1" ca 20200101000000Z 20200201000000Z
leaf wrong-host "DNS:intake.other.example" ca
leaf untrusted "IP:127.0.0.1" other-ca
openssl req -x509 -newkey rsa:2048 -nodes -keyout self-signed.key -out self-signed.pem -days 30 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
