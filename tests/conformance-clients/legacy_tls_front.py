#!/usr/bin/env python3
"""A deliberately misconfigured operator front, to prove that `openmss conformance operator` catches it: it sits in
front of a real front (IMAP or submission), passes the clear-text part through, answers STARTTLS itself and then
speaks TLS 1.0 to 1.3 with any suite OpenSSL knows at security level 0 (TLS 1.1 "allowed"), relaying to the real
front over TLS. Everything else (tokens, codes, injection) is the real front's behaviour.

usage: legacy_tls_front.py --listen PORT --backend HOST:PORT --protocol imap|smtp --cert FILE --key FILE
"""
import argparse
import select
import socket
import ssl
import sys
import threading


def send_all(sock, data):
    while data:
        try:
            data = data[sock.send(data):]
        except (ssl.SSLWantWriteError, ssl.SSLWantReadError, BlockingIOError):
            select.select([], [sock], [], 5)


def relay(a, b):
    """Both directions in one thread, non-blocking: an SSL connection must not be read and written from two threads
    at once, and a TLS record that is not application data (a session ticket) must not block the other direction."""
    a.setblocking(False)
    b.setblocking(False)
    try:
        while True:
            readable, _, _ = select.select([a, b], [], [], 600)
            if not readable:
                return
            for source in readable:
                target = b if source is a else a
                while True:
                    try:
                        data = source.recv(65536)
                    except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                        break
                    if not data:
                        return
                    send_all(target, data)
    except OSError:
        pass
    finally:
        for s in (a, b):
            try:
                s.close()
            except OSError:
                pass


def read_line(sock, buffer):
    while b"\n" not in buffer:
        data = sock.recv(4096)
        if not data:
            return None, buffer
        buffer += data
    line, _, rest = buffer.partition(b"\n")
    return line + b"\n", rest


def serve(client, args, server_context):
    backend = socket.create_connection(args.backend)
    pending = b""
    upstream = b""
    # The clear-text part, line by line in both directions until the client asks for STARTTLS.
    if args.protocol == "smtp":
        while True:
            line, upstream = read_line(backend, upstream)
            if line is None:
                return
            client.sendall(line)
            if line[3:4] == b" ":
                break
    else:
        line, upstream = read_line(backend, upstream)
        if line is None:
            return
        client.sendall(line)
    while True:
        line, pending = read_line(client, pending)
        if line is None:
            return
        backend.sendall(line)
        words = line.strip().split(b" ")
        starttls = (args.protocol == "smtp" and words[0].upper() == b"STARTTLS") or (args.protocol == "imap" and len(words) > 1 and words[1].upper() == b"STARTTLS")
        while True:
            answer, upstream = read_line(backend, upstream)
            if answer is None:
                return
            if not starttls:
                client.sendall(answer)
            done = answer[3:4] == b" " if args.protocol == "smtp" else (answer.startswith(words[0] + b" ") if words else True)
            if done:
                break
        if starttls:
            break
    # What the client pipelined behind STARTTLS is dropped (the front is misconfigured on TLS only).
    tls_backend = ssl.create_default_context()
    tls_backend.check_hostname = False
    tls_backend.verify_mode = ssl.CERT_NONE
    backend = tls_backend.wrap_socket(backend)
    client.sendall(answer)
    try:
        client = server_context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        return
    relay(client, backend)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--protocol", choices=["imap", "smtp"], required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    host, port = args.backend.rsplit(":", 1)
    args.backend = (host, int(port))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1
    context.set_ciphers("ALL:@SECLEVEL=0")
    context.load_cert_chain(args.cert, args.key)
    listener = socket.create_server(("127.0.0.1", args.listen))
    print("listening", flush=True)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=lambda c=client: serve(c, args, context), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
