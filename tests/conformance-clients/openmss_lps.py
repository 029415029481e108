#!/usr/bin/env python3
"""Plays the LPS under test for `openmss conformance lps --run` with OpenMSS's own SDK, through `openmss lps`.

Reads the steps of the run from $OPENMSS_CONFORMANCE (conformance.json) and takes each one: fetch a BAL's INBOX or
send a message, through DNS autoconfiguration or the front the step names. The tool judges what it observed; this
script only says when a step did not end as the step expected. OPENMSS_BIN names the openmss command.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile


def main():
    manifest_path = os.environ["OPENMSS_CONFORMANCE"]
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    openmss = shlex.split(os.environ.get("OPENMSS_BIN", "openmss"))
    directory = os.path.dirname(manifest_path)
    accounts = {a["address"]: a for a in manifest["accounts"]}
    nil = manifest.get("nil") or "OPENMSS-SDK-CONFORMANCE"
    surprises = 0
    gateway_session = None
    for step in manifest["steps"]:
        account = accounts[step["bal"]]
        command = openmss + ["lps", "fetch" if step["action"] == "watch" else step["action"]]
        if step["action"] in ("fetch", "watch"):
            command += [step["bal"], "--out", tempfile.mkdtemp(prefix="conformance-fetch-")]
            if step["action"] == "watch":
                command += ["--watch", "60"]
        else:
            command += ["--from", step["bal"], "--nil", nil]
            for recipient in step.get("to") or []:
                command += ["--to", recipient]
            if step.get("subject"):
                command += ["--subject", step["subject"]]
            for document in step.get("cda") or []:
                command += ["--cda", document]
            if step.get("ddmSubject"):
                command.append("--ddm-subject")
            if step.get("endExchange"):
                command.append("--end-exchange")
            if step.get("readReceipt"):
                command.append("--read-receipt")
        if account["type"] == "APP":
            command += ["--cert", account["certificate"], "--key", account["key"]]
        elif step.get("credentials") == "gateway":
            if gateway_session is None:
                gateway_session = os.path.join(tempfile.mkdtemp(prefix="conformance-gateway-"), "session.json")
                subprocess.run(openmss + ["lps", "login", "--gateway", manifest["gateway"], "--ciba", "--idnat", account["idNat"],
                                          "--out", gateway_session, "--gateway-ca", manifest["ca"]], check=True, capture_output=True, timeout=120)
            command += ["--gateway-session", gateway_session, "--gateway-ca", manifest["ca"]]
        else:
            token = openmss + ["psc", "token", "--sandbox", directory, "--idnat", account["idNat"]]
            command += ["--token-command", shlex.join(token)]
        command += ["--ca", manifest["ca"]]
        if step.get("imap"):
            command += ["--imap", step["imap"]]
        if step.get("submission"):
            command += ["--submission", step["submission"]]
        if not step.get("imap") and not step.get("submission"):
            command += ["--dns", manifest["dns"]]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        succeeded = result.returncode == 0
        expected = step["expect"] == "success"
        if succeeded != expected:
            surprises += 1
            print(f"step {step['id']}: expected {step['expect']}, got exit {result.returncode}: {result.stderr.strip()}", file=sys.stderr)
        else:
            print(f"step {step['id']}: {step['expect']} as expected", file=sys.stderr)
    return 0 if surprises == 0 else 3


if __name__ == "__main__":
    sys.exit(main())
