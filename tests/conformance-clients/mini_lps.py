#!/usr/bin/env python3
"""A small LPS written from the MSSanté rules with Python's standard library, to prove that the conformance tool's
cases can fail: run as is, it passes every case of the per-org profile; the faulty_*.py scripts beside it each turn
on one fault, and must fail exactly the cases that fault breaks.

It plays `openmss conformance lps --run` like openmss_lps.py: reads the steps from $OPENMSS_CONFORMANCE. It uses
`openmss psc token` for PSC tokens and `openmss xdm pack/inspect` for IHE_XDM (OPENMSS_BIN names the command).
Faults: no-nil, auth-before-starttls, any-certificate, loop-on-authfailed, never-reopen, wrong-xoauth2, wrong-codecda,
ignore-logout.
"""
import base64
import http.client
import email.message
import email.policy
import imaplib
import json
import os
import random
import shlex
import smtplib
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


class StepFailed(Exception):
    pass


class Lps:
    def __init__(self, faults):
        self.faults = set(faults)
        path = os.environ["OPENMSS_CONFORMANCE"]
        self.manifest = json.load(open(path, encoding="utf-8"))
        self.directory = os.path.dirname(path)
        self.openmss = shlex.split(os.environ.get("OPENMSS_BIN", "openmss"))
        self.accounts = {a["address"]: a for a in self.manifest["accounts"]}
        self.nil = self.manifest.get("nil") or "MINI-LPS"
        dns_host, dns_port = self.manifest["dns"].rsplit(":", 1)
        self.dns = (dns_host, int(dns_port))
        self.crl = self._crl_pem()

    # --- credentials and TLS -------------------------------------------------------------------------------------
    def token(self, bal):
        command = self.openmss + ["psc", "token", "--sandbox", self.directory, "--idnat", self.accounts[bal]["idNat"]]
        return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout.strip()

    def xoauth2(self, bal, token):
        if "wrong-xoauth2" in self.faults:
            return f"user={bal}\x01auth=bearer {token}\x01\x01"
        return f"user={bal}\x01auth=Bearer {token}\x01\x01"

    def _crl_pem(self):
        der = urllib.request.urlopen(self.manifest["crl"], timeout=10).read()
        body = base64.encodebytes(der).decode("ascii")
        path = os.path.join(tempfile.mkdtemp(prefix="mini-lps-"), "crl.pem")
        with open(path, "w", encoding="ascii") as f:
            f.write("-----BEGIN X509 CRL-----\n" + body + "-----END X509 CRL-----\n")
        return path

    def tls(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if "any-certificate" in self.faults:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return context
        context.load_verify_locations(cafile=self.manifest["ca"])
        context.load_verify_locations(cafile=self.crl)
        context.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
        context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")
        return context

    # --- DNS (RFC 1035), SRV (RFC 2782) and A records through the tool's DNS -------------------------------------
    def query(self, name, rtype):
        ident = random.randint(0, 65535)
        question = b"".join(bytes([len(p)]) + p.encode("ascii") for p in name.split(".")) + b"\x00" + struct.pack(">HH", rtype, 1)
        packet = struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0) + question
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(5)
            s.sendto(packet, self.dns)
            answer, _ = s.recvfrom(4096)
        count = struct.unpack(">H", answer[6:8])[0]
        offset = 12 + len(question)
        records = []
        for _ in range(count):
            offset = self._skip_name(answer, offset)
            kind, _, _, length = struct.unpack(">HHIH", answer[offset:offset + 10])
            data = answer[offset + 10:offset + 10 + length]
            if kind == 33 == rtype:
                priority, weight, port = struct.unpack(">HHH", data[:6])
                records.append((priority, weight, port, self._read_name(answer, offset + 16)))
            elif kind == 1 == rtype:
                records.append(socket.inet_ntoa(data))
            offset += 10 + length
        return records

    @staticmethod
    def _skip_name(packet, offset):
        while packet[offset] != 0:
            if packet[offset] & 0xC0 == 0xC0:
                return offset + 2
            offset += packet[offset] + 1
        return offset + 1

    @staticmethod
    def _read_name(packet, offset):
        labels = []
        while packet[offset] != 0:
            if packet[offset] & 0xC0 == 0xC0:
                offset = struct.unpack(">H", packet[offset:offset + 2])[0] & 0x3FFF
                continue
            labels.append(packet[offset + 1:offset + 1 + packet[offset]].decode("ascii"))
            offset += packet[offset] + 1
        return ".".join(labels)

    def endpoint(self, step, service):
        explicit = step.get("imap" if service == "imap" else "submission")
        if explicit:
            host, port = explicit.rsplit(":", 1)
            return host, host, int(port)
        domain = step["bal"].split("@", 1)[1]
        priority = 20 if self.accounts[step["bal"]]["type"] == "APP" else 10
        records = [r for r in self.query(f"_{service}._tcp.{domain}", 33) if r[0] == priority]
        if not records:
            raise StepFailed(f"autoconfiguration failed for {domain}")
        _, _, port, target = records[0]
        addresses = self.query(target, 1)
        if not addresses:
            raise StepFailed(f"{target} has no address")
        return target, addresses[0], port

    # --- IMAP ----------------------------------------------------------------------------------------------------
    def fetch(self, step):
        bal = step["bal"]
        _, address, port = self.endpoint(step, "imap")
        token = self.token(bal)
        retried = False
        unavailable = 0
        reopened = False
        attempts = 0
        while True:
            try:
                imap = imaplib.IMAP4(address, port, timeout=30)
            except OSError as e:
                raise StepFailed(f"cannot connect: {e}")
            try:
                if "auth-before-starttls" in self.faults and attempts == 0:
                    try:
                        imap.authenticate("XOAUTH2", lambda _: self.xoauth2(bal, token).encode())
                    except imaplib.IMAP4.error:
                        pass
                    attempts += 1
                imap.starttls(ssl_context=self.tls())
                attempts += 1
                try:
                    imap.authenticate("XOAUTH2", lambda _: self.xoauth2(bal, token).encode())
                except imaplib.IMAP4.error as e:
                    text = str(e)
                    imap.shutdown()
                    if "UNAVAILABLE" in text and unavailable < 4:
                        time.sleep(2 ** unavailable)
                        unavailable += 1
                        continue
                    if "AUTHENTICATIONFAILED" in text and ("loop-on-authfailed" in self.faults and attempts < 8 or not retried):
                        retried = True
                        token = self.token(bal)
                        continue
                    raise StepFailed(f"authentication refused: {text}")
                imap.select("INBOX")
                imap.fetch("1:*", "(UID RFC822.SIZE)")
                imap.logout()
                return
            except imaplib.IMAP4.abort as e:
                if "EXPIRED" in str(e) and not reopened and "never-reopen" not in self.faults:
                    reopened = True
                    token = self.token(bal)
                    continue
                raise StepFailed(f"session ended: {e}")
            except (ssl.SSLError, ssl.CertificateError, ConnectionError) as e:
                raise StepFailed(f"TLS refused: {e}")

    # --- a session kept open through the intermediate server, ended by a PSC logout (ECO.1.2.6) -----------------------
    def gateway_request(self, session, path):
        host, port = session["Gateway"].split("//", 1)[1].rstrip("/").rsplit(":", 1)
        context = ssl.create_default_context(cafile=self.manifest["ca"])
        connection = http.client.HTTPSConnection(host, int(port), context=context, timeout=90)
        connection.request("GET", path, headers={"Authorization": "Bearer " + session["Handle"], "OpenMSS-Installation": session["Installation"]})
        return connection, connection.getresponse()

    def watch(self, step):
        path = os.path.join(tempfile.mkdtemp(prefix="mini-lps-gateway-"), "session.json")
        subprocess.run(self.openmss + ["lps", "login", "--gateway", self.manifest["gateway"], "--ciba", "--idnat", self.accounts[step["bal"]]["idNat"],
                                       "--out", path, "--gateway-ca", self.manifest["ca"]], check=True, capture_output=True, timeout=120)
        session = json.load(open(path, encoding="utf-8"))
        _, answer = self.gateway_request(session, "/token")
        token = json.loads(answer.read())["access_token"]
        ended = threading.Event()

        def listen():
            _, events = self.gateway_request(session, "/events")
            while True:
                line = events.readline()
                if not line or line.startswith(b"event: ended"):
                    ended.set()
                    return

        threading.Thread(target=listen, daemon=True).start()
        _, address, port = self.endpoint(step, "imap")
        imap = imaplib.IMAP4(address, port, timeout=30)
        imap.starttls(ssl_context=self.tls())
        imap.authenticate("XOAUTH2", lambda _: self.xoauth2(step["bal"], token).encode())
        imap.select("INBOX")
        deadline = time.time() + 60
        while time.time() < deadline:
            if ended.wait(1) and "ignore-logout" not in self.faults:
                imap.logout()
                raise StepFailed("the professional logged out at PSC: session closed")
            imap.noop()
        imap.logout()

    # --- submission ------------------------------------------------------------------------------------------------
    def send(self, step):
        bal = step["bal"]
        _, address, port = self.endpoint(step, "submission")
        message = email.message.EmailMessage(policy=email.policy.SMTP)
        message["From"] = bal
        message["To"] = ", ".join(step["to"])
        message["Subject"] = step.get("subject") or "mini LPS"
        message["Message-ID"] = f"<{random.getrandbits(64):x}@mini-lps.example>"
        if "no-nil" not in self.faults:
            message["X-MSS-NIL"] = self.nil
        if step.get("endExchange"):
            message["X-MSS-MES"] = "FIN"
        if step.get("readReceipt"):
            message["Disposition-Notification-To"] = bal
        message.set_content("Message of the mini LPS.\n")
        if step.get("cda"):
            archive = os.path.join(tempfile.mkdtemp(prefix="mini-lps-xdm-"), "IHE_XDM.ZIP")
            pack = self.openmss + ["xdm", "pack", "--out", archive]
            for document in step["cda"]:
                pack += ["--cda", document]
            subprocess.run(pack, capture_output=True, check=True, timeout=60)
            inspected = json.loads(subprocess.run(self.openmss + ["xdm", "inspect", archive], capture_output=True, text=True, check=True, timeout=60).stdout)
            codes = [d["code"] for d in inspected["documents"]]
            if "wrong-codecda" in self.faults:
                codes = ["11488-4"]
            message["X-MSS-CODECDA"] = ",".join(codes)
            message["X-MSS-INS"] = "O" if all(d["insQualified"] for d in inspected["documents"]) else "N"
            if step.get("ddmSubject"):
                del message["Subject"]
                message["Subject"] = "XDM/1.0/DDM+" + inspected["documents"][0]["title"]
            with open(archive, "rb") as f:
                message.add_attachment(f.read(), maintype="application", subtype="zip", filename="IHE_XDM.ZIP")
        token = self.token(bal)
        with smtplib.SMTP(address, port, local_hostname="mini-lps.example", timeout=30) as smtp:
            smtp.ehlo()
            if "auth-before-starttls" in self.faults:
                smtp.docmd("AUTH", "XOAUTH2 " + base64.b64encode(self.xoauth2(bal, token).encode()).decode())
            smtp.starttls(context=self.tls())
            smtp.ehlo()
            code, reply = smtp.docmd("AUTH", "XOAUTH2 " + base64.b64encode(self.xoauth2(bal, token).encode()).decode())
            if code == 334:
                code, reply = smtp.docmd("")
            if code != 235:
                raise StepFailed(f"AUTH refused: {code} {reply!r}")
            smtp.sendmail(bal, step["to"], message.as_bytes())

    def run(self):
        surprises = 0
        for step in self.manifest["steps"]:
            try:
                {"fetch": self.fetch, "send": self.send, "watch": self.watch}[step["action"]](step)
                outcome = "success"
            except (StepFailed, OSError, smtplib.SMTPException, imaplib.IMAP4.error) as e:
                outcome = "failure"
                print(f"step {step['id']}: {e}", file=sys.stderr)
            if outcome != step["expect"]:
                surprises += 1
                print(f"step {step['id']}: expected {step['expect']}, got {outcome}", file=sys.stderr)
        return surprises


def main(faults=()):
    Lps(faults).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
