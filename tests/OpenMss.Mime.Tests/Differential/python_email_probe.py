#!/usr/bin/env python3
"""Reads every .eml under a directory with python's standard email package and prints, as JSON, the view the
OpenMSS differential test compares: the part tree (content types, parameters, disposition, file name, transfer
encoding, decoded content hash) and a few decoded headers. Line breaks are normalised to LF before hashing, since
python's quoted-printable decoder turns CRLF into LF."""
import email, email.policy, email.utils, hashlib, json, os, sys
from email.header import decode_header, make_header


def decoded(value):
    if value is None:
        return None
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def params(part):
    result = {}
    for key, value in (part.get_params() or [])[1:]:
        if isinstance(value, tuple):
            value = email.utils.collapse_rfc2231_value(value)
        if key not in result:
            result[key] = value
    return result


def walk(part, path, out):
    node = {
        "path": path,
        "type": part.get_content_type(),
        "params": params(part) if part.get("content-type") else {},
        "disposition": part.get_content_disposition(),
        "filename": decoded(part.get_filename()),
        "encoding": (part.get("content-transfer-encoding") or "7bit").strip().lower(),
    }
    out.append(node)
    if part.is_multipart():
        payload = part.get_payload()
        if part.get_content_type() in ("message/rfc822", "message/global"):
            node["kind"] = "message"
            walk(payload[0], path + ".msg", out)
        else:
            node["kind"] = "multipart"
            for index, child in enumerate(payload, 1):
                walk(child, f"{path}.{index}", out)
    else:
        node["kind"] = "leaf"
        content = part.get_payload(decode=True) or b""
        node["sha256"] = hashlib.sha256(content.replace(b"\r\n", b"\n")).hexdigest()


def addresses(message, name):
    pairs = email.utils.getaddresses([str(v) for v in message.get_all(name, [])])
    return [[n, a] for n, a in pairs if a]


def date(message):
    try:
        value = email.utils.parsedate_to_datetime(message["date"])
    except Exception:
        return None
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=__import__("datetime").timezone.utc)
    return value.astimezone(__import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def probe(data):
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = []
    walk(message, "root", parts)
    try:
        subject = str(email.message_from_bytes(data, policy=email.policy.default)["subject"])
    except Exception:
        subject = None
    return {
        "subject": subject if message["subject"] is not None else None,
        "from": addresses(message, "from"),
        "to": addresses(message, "to"),
        "cc": addresses(message, "cc"),
        "date": date(message),
        "parts": parts,
    }


def main(root):
    result = {}
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".eml"):
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    result[os.path.relpath(path, root).replace(os.sep, "/")] = probe(f.read())
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
