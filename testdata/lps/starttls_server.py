#!/usr/bin/env python3
"""A stand-in operator front for client tests: SMTP or IMAP with STARTTLS, presenting the certificate it is given
with the TLS versions it is given (so that a client can be shown an untrusted, expired or revoked certificate, or a
TLS 1.1-only server). It answers just enough of the protocol to reach authentication, and writes every line the
client sends, one per line, to --record (an AUTH line there means the client authenticated where it should not).

Usage: starttls_server.py --protocol smtp|imap --cert PEM --key PEM --record FILE [--tls-max 1.1|1.2|1.3]
Prints the port it listens on (127.0.0.1, chosen by the system), then serves connections until killed.
"""
import argparse, socket, ssl, sys, threading

parser = argparse.ArgumentParser()
parser.add_argument("--protocol", choices=["smtp", "imap"], required=True)
parser.add_argument("--cert", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--record", required=True)
parser.add_argument("--tls-max", default="1.3")
args = parser.parse_args()

versions = {"1.1": ssl.TLSVersion.TLSv1_1, "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(args.cert, args.key)
if args.tls_max == "1.1":
    context.set_ciphers("DEFAULT:@SECLEVEL=0")  # OpenSSL 3 allows TLS 1.1 only at security level 0
    context.minimum_version = ssl.TLSVersion.TLSv1_1
context.maximum_version = versions[args.tls_max]
lock = threading.Lock()


def record(line):
    with lock, open(args.record, "a") as f:
        f.write(line + "\n")


def lines(stream):
    buffer = b""
    while True:
        chunk = stream.recv(4096)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.rstrip(b"\r").decode("utf-8", "replace")


def serve(connection):
    stream = connection
    try:
        if args.protocol == "smtp":
            stream.sendall(b"220 stand-in ESMTP\r\n")
            for line in lines(stream):
                record(line)
                verb = line.split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    tls = isinstance(stream, ssl.SSLSocket)
                    stream.sendall(b"250-stand-in\r\n" + (b"250 AUTH XOAUTH2 PLAIN\r\n" if tls else b"250 STARTTLS\r\n"))
                elif verb == "STARTTLS":
                    stream.sendall(b"220 2.0.0 Ready to start TLS\r\n")
                    stream = context.wrap_socket(stream, server_side=True)
                    return serve_after(stream)
                elif verb == "QUIT":
                    stream.sendall(b"221 bye\r\n")
                    return
                else:
                    stream.sendall(b"503 5.5.1 STARTTLS first\r\n")
        else:
            stream.sendall(b"* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] stand-in\r\n")
            for line in lines(stream):
                record(line)
                tag, _, rest = line.partition(" ")
                command = rest.split(" ")[0].upper()
                if command == "CAPABILITY":
                    stream.sendall(b"* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n" + tag.encode() + b" OK done\r\n")
                elif command == "STARTTLS":
                    stream.sendall(tag.encode() + b" OK Begin TLS negotiation now\r\n")
                    stream = context.wrap_socket(stream, server_side=True)
                    return serve_after(stream)
                else:
                    stream.sendall(tag.encode() + b" BAD STARTTLS first\r\n")
    except (ssl.SSLError, OSError) as e:
        record("TLS-FAILED " + type(e).__name__)
    finally:
        connection.close()


def serve_after(stream):
    record("TLS-ESTABLISHED " + stream.version())
    for line in lines(stream):
        record(line)
        if args.protocol == "smtp":
            verb = line.split(" ")[0].upper()
            stream.sendall(b"250-stand-in\r\n250 AUTH XOAUTH2 PLAIN\r\n" if verb == "EHLO" else b"535 5.7.8 no\r\n")
        else:
            tag, _, rest = line.partition(" ")
            if rest.upper().startswith("CAPABILITY"):
                stream.sendall(b"* CAPABILITY IMAP4rev1 AUTH=XOAUTH2 AUTH=PLAIN SASL-IR\r\n" + tag.encode() + b" OK done\r\n")
            else:
                stream.sendall(tag.encode() + b" NO [AUTHENTICATIONFAILED] no\r\n")


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print(listener.getsockname()[1], flush=True)
while True:
    connection, _ = listener.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
