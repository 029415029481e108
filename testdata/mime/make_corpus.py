#!/usr/bin/env python3
"""Writes the MIME corpus of OpenMSS (messages of our own making) into testdata/mime/corpus/.

Run it again only to change the corpus on purpose: the .eml files are the reference, kept in git. Everything is
deterministic (fixed dates, fixed zip timestamps). Names, identifiers and documents are fictitious.
"""
import base64, io, os, quopri, zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
CRLF = "\r\n"


def write(category, name, text, encoding="utf-8", newline=CRLF):
    folder = os.path.join(ROOT, category)
    os.makedirs(folder, exist_ok=True)
    data = text.replace("\r\n", "\n").replace("\n", newline).encode(encoding) if isinstance(text, str) else text
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def b64(data, width=76):
    encoded = base64.b64encode(data).decode("ascii")
    return "\n".join(encoded[i:i + width] for i in range(0, len(encoded), width))


def qp(text, charset):
    return quopri.encodestring(text.encode(charset)).decode("ascii")


CDA = """<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <code code="11502-2" codeSystem="2.16.840.1.113883.6.1" displayName="CR d'examens biologiques"/>
  <title>Compte rendu d'examens biologiques</title>
  <recordTarget><patientRole><id extension="279035121518989" root="1.2.250.1.213.1.4.8"/>
    <patient><name><given>Héloïse</given><family>TESTPATIENT</family></name></patient></patientRole></recordTarget>
  <component><structuredBody><component><section><title>Hématologie</title>
    <text>Hémoglobine : 13,2 g/dL — résultat normal.</text></section></component></structuredBody></component>
</ClinicalDocument>
"""

METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<SubmitObjectsRequest xmlns="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0">
  <RegistryObjectList><ExtrinsicObject id="Document01" mimeType="text/xml">
    <ExternalIdentifier identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" value="279035121518989^^^&amp;1.2.250.1.213.1.4.8&amp;ISO"/>
  </ExtrinsicObject></RegistryObjectList>
</SubmitObjectsRequest>
"""


def xdm_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in [("README.TXT", "Envoi OpenMSS TEST - Laboratoire Test\r\n"),
                              ("INDEX.HTM", "<html><body><a href=\"README.TXT\">README</a></body></html>\r\n"),
                              ("IHE_XDM/SUBSET01/METADATA.XML", METADATA),
                              ("IHE_XDM/SUBSET01/DOC0001.XML", CDA)]:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 22, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content.encode("utf-8"))
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + bytes(range(256))

# ---------------------------------------------------------------- rfc: the standard shapes
write("rfc", "001-plain-ascii.eml", """From: Jean Dupont <jean.dupont@operateur-a.mssante.test>
To: secretariat@operateur-a.mssante.test
Subject: Rendez-vous de controle
Date: Sun, 22 Nov 2026 10:00:00 +0100
Message-ID: <001@operateur-a.mssante.test>

Bonjour,
merci de prevoir un rendez-vous de controle dans trois mois.
Cordialement.
""")

write("rfc", "002-alternative-utf8-qp.eml", f"""From: "Dr. Marie Curie-Test" <marie.test@operateur-a.mssante.test>
To: jean.dupont@operateur-a.mssante.test
Subject: =?UTF-8?Q?R=C3=A9sultats_d=27analyses?=
Date: Mon, 23 Nov 2026 08:15:00 +0100
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt-002"

--alt-002
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp("Les résultats sont normaux. À bientôt — Dr Curie-Test.", "utf-8")}
--alt-002
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp("<p>Les résultats sont <b>normaux</b>. À bientôt — Dr Curie-Test.</p>", "utf-8")}
--alt-002--
""")

write("rfc", "003-nested-forward.eml", """From: secretariat@operateur-a.mssante.test
To: jean.dupont@operateur-a.mssante.test
Subject: Fwd: Courrier de sortie
Date: Tue, 24 Nov 2026 11:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=us-ascii

Voir le courrier ci-dessous.
--outer
Content-Type: message/rfc822
Content-Description: Courrier de sortie

From: Service Cardiologie <cardio@ch-test.mssante.test>
To: secretariat@operateur-a.mssante.test
Subject: Courrier de sortie
Date: Mon, 23 Nov 2026 17:30:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/plain; charset=us-ascii

Patient sorti ce jour.
--inner
Content-Type: application/pdf; name="sortie.pdf"
Content-Disposition: attachment; filename="sortie.pdf"
Content-Transfer-Encoding: base64

""" + b64(PDF) + """
--inner--
--outer--
""")

write("rfc", "004-rfc2231-filename.eml", """From: labo@labo-test.mssante.test
To: jean.dupont@operateur-a.mssante.test
Subject: Compte rendu
Date: Wed, 25 Nov 2026 09:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b2231"

--b2231
Content-Type: text/plain; charset=us-ascii

Ci-joint le compte rendu.
--b2231
Content-Type: application/pdf;
 name*0*=UTF-8''compte%20rendu%20h%C3%A9mato;
 name*1=".pdf"
Content-Disposition: attachment;
 filename*0*=UTF-8''20261125_CR_d_h%C3%A9matologie_;
 filename*1*=TESTPATIENT_H%C3%A9lo%C3%AFse.pdf
Content-Transfer-Encoding: base64

""" + b64(PDF) + """
--b2231--
""")

write("rfc", "005-encoded-words.eml", """From: =?ISO-8859-1?Q?Fran=E7oise_L=E9ger?= <francoise.leger@operateur-a.mssante.test>
To: =?UTF-8?B?w4lsb8Ovc2UgTcO8bGxlcg==?= <eloise.muller@operateur-a.mssante.test>,
 "Dupont, Jean" <jean.dupont@operateur-a.mssante.test>
Subject: =?UTF-8?B?Q29tcHRlIHJlbmR1IGQnZXhhbWVu?= =?UTF-8?Q?_=C3=A9chographique?=
Date: Thu, 26 Nov 2026 14:05:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Échographie abdominale sans particularité.
""")

write("rfc", "006-groups.eml", """From: annuaire@operateur-a.mssante.test
To: undisclosed-recipients:;
Cc: Equipe soins: jean.dupont@operateur-a.mssante.test, "Marie Test" <marie.test@operateur-a.mssante.test>;, autre@operateur-b.mssante.test
Subject: Groupes
Date: Fri, 27 Nov 2026 10:00:00 +0000

Corps.
""")

write("rfc", "007-digest.eml", """From: liste@operateur-a.mssante.test
To: jean.dupont@operateur-a.mssante.test
Subject: Digest
Date: Sat, 28 Nov 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="dig"

--dig

From: a@operateur-a.mssante.test
Subject: premier

Premier message.
--dig

From: b@operateur-a.mssante.test
Subject: second

Second message.
--dig--
""")

# ---------------------------------------------------------------- real-world: what health mail looks like
write("real-world", "010-cr-biologie-xdm.eml", """From: Laboratoire Test <labo@labo-test.mssante.test>
To: jean.dupont@operateur-a.mssante.test
Subject: XDM/1.0/DDM+CR BIOLOGIE TESTPATIENT Heloise 03/05/1979
Date: Sun, 29 Nov 2026 07:45:12 +0100
Message-ID: <xdm-010@labo-test.mssante.test>
MIME-Version: 1.0
X-MSS-NIL: DEV935997
X-MSS-INS: O
X-MSS-CODECDA: 11502-2
Disposition-Notification-To: labo@labo-test.mssante.test
Content-Type: multipart/mixed; boundary="=_xdm_010"

This is a multi-part message in MIME format.

--=_xdm_010
Content-Type: text/plain; charset=ISO-8859-15
Content-Transfer-Encoding: quoted-printable

""" + qp("Veuillez trouver ci-joint le compte rendu d'examens biologiques (€ 0 à régler).", "iso-8859-15") + """
--=_xdm_010
Content-Type: application/zip; name="IHE_XDM.ZIP"
Content-Disposition: attachment; filename="IHE_XDM.ZIP"
Content-Transfer-Encoding: base64

""" + b64(xdm_zip()) + """
--=_xdm_010
Content-Type: application/pdf; name="20261129_CR_biologie_TESTPATIENT_Heloise.pdf"
Content-Disposition: attachment; filename="20261129_CR_biologie_TESTPATIENT_Heloise.pdf"
Content-Transfer-Encoding: base64

""" + b64(PDF) + """
--=_xdm_010--
""")

write("real-world", "011-latin1-8bit.eml", """From: cabinet@operateur-b.mssante.test
To: jean.dupont@operateur-a.mssante.test
Subject: Ordonnance
Date: 30 Nov 2026 09:12 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: 8bit

Prière de renouveler l'ordonnance : paracétamol 1 g, 3 fois par jour.
Médecin traitant : Dr Pérèz.
""", encoding="iso-8859-1")

write("real-world", "012-windows-1252-qp.eml", """From: secretariat@clinique-test.mssante.test
To: jean.dupont@operateur-a.mssante.test
Subject: =?windows-1252?Q?Facture_=80_et_s=9Cur?=
Date: Tue, 1 Dec 2026 16:20:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=windows-1252
Content-Transfer-Encoding: quoted-printable

""" + qp("Montant : 25 € — consultation de la sœur du patient « test ».", "windows-1252") + "\n")

write("real-world", "013-iso-8859-15-euro.eml", """From: compta@operateur-a.mssante.test
To: jean.dupont@operateur-a.mssante.test
Subject: =?ISO-8859-15?B?UmVt4m1ib3Vyc2VtZW50IDEwIKQ=?=
Date: Wed, 2 Dec 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-15
Content-Transfer-Encoding: base64

""" + b64("Remboursement de 10 € effectué.\r\n".encode("iso-8859-15")) + "\n")

write("real-world", "014-cda-xml.eml", """From: dpi@ch-test.mssante.test
To: jean.dupont@operateur-a.mssante.test
Subject: CDA
Date: Thu, 3 Dec 2026 10:00:00 +0100
MIME-Version: 1.0
X-MSS-NIL: NIL-TEST-0001
X-MSS-INS: N
X-MSS-CODECDA: 34112-3,PRESC-BIO,15508-5
Content-Type: multipart/mixed; boundary="cda"

--cda
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Document structuré joint.
--cda
Content-Type: text/xml; charset=utf-8; name="DOC0001.XML"
Content-Disposition: attachment; filename="DOC0001.XML"
Content-Transfer-Encoding: base64

""" + b64(CDA.encode("utf-8")) + """
--cda--
""")

write("real-world", "015-outlook-related.eml", """From: "Secretariat Cardio" <cardio@ch-test.mssante.test>
To: <jean.dupont@operateur-a.mssante.test>
Subject: RE: Dossier patient
Date: Fri, 4 Dec 2026 10:00:00 +0100
Message-ID: <015@ch-test.mssante.test>
In-Reply-To: <014@operateur-a.mssante.test>
References: <014@operateur-a.mssante.test>
MIME-Version: 1.0
Content-Type: multipart/related;
	type="multipart/alternative";
	boundary="----=_NextPart_000_0015_01DB0000.00000000"
Thread-Topic: Dossier patient
X-Mailer: Microsoft Outlook 16.0

This is a multipart message in MIME format.

------=_NextPart_000_0015_01DB0000.00000000
Content-Type: multipart/alternative;
	boundary="----=_NextPart_001_0016_01DB0000.00000000"


------=_NextPart_001_0016_01DB0000.00000000
Content-Type: text/plain;
	charset="utf-8"
Content-Transfer-Encoding: base64

""" + b64("Bonjour, voir le logo ci-dessous.\r\n".encode("utf-8")) + """

------=_NextPart_001_0016_01DB0000.00000000
Content-Type: text/html;
	charset="utf-8"
Content-Transfer-Encoding: quoted-printable

""" + qp('<html><body><p>Bonjour, voir le logo ci-dessous.</p><img src="cid:image001.png@01DB0000.00000000"></body></html>', "utf-8") + """

------=_NextPart_001_0016_01DB0000.00000000--

------=_NextPart_000_0015_01DB0000.00000000
Content-Type: image/png;
	name="image001.png"
Content-Transfer-Encoding: base64
Content-ID: <image001.png@01DB0000.00000000>

""" + b64(b"\x89PNG\r\n\x1a\n" + bytes(100)) + """

------=_NextPart_000_0015_01DB0000.00000000--
""")

write("real-world", "016-mes-patient-html.eml", """From: =?UTF-8?Q?L=C3=A9o_Dupond?= <289456789012345@patient.mssante.fr>
To: jean.dupont@operateur-a.mssante.test
Subject: Question sur mon traitement
Date: Sat, 5 Dec 2026 21:03:44 +0100
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

""" + qp("<html><body><p>Bonjour Docteur, dois-je continuer le traitement ? Léo</p></body></html>", "utf-8") + "\n")

# ---------------------------------------------------------------- malformed: what broken mailers send
write("malformed", "020-missing-final-boundary.eml", """From: a@operateur-a.mssante.test
Subject: No end
Content-Type: multipart/mixed; boundary="xyz"

--xyz
Content-Type: text/plain

first
--xyz
Content-Type: text/plain

second, and then the message just stops
""")

write("malformed", "021-bare-lf.eml", """From: a@operateur-a.mssante.test
Subject: Bare LF
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="lf"

--lf
Content-Type: text/plain; charset=us-ascii

Unix line endings only.
--lf
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

""" + b64(bytes(range(200))) + """
--lf--
""", newline="\n")

write("malformed", "022-no-header-separator.eml", """From: a@operateur-a.mssante.test
Subject: no blank line
This line is body, not a header.
Second body line.
""")

write("malformed", "023-garbage-base64.eml", """From: a@operateur-a.mssante.test
Subject: bad base64
MIME-Version: 1.0
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

SGVsbG8s*IHdvcmxk
IQ!!==
""")

write("malformed", "024-broken-qp.eml", """From: a@operateur-a.mssante.test
Subject: bad qp
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: quoted-printable

Price =3D 10=ZZ and a lone = sign, soft=
 break, trailing blanks   
""")

write("malformed", "025-unquoted-filename-spaces.eml", """From: a@operateur-a.mssante.test
Subject: spaces
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=simple

--simple
Content-Type: application/pdf; name=compte rendu final.pdf
Content-Disposition: attachment; filename=compte rendu final.pdf
Content-Transfer-Encoding: base64

""" + b64(PDF) + """
--simple--
""")

write("malformed", "026-boundary-never-appears.eml", """From: a@operateur-a.mssante.test
Subject: lost boundary
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="never"

--other
Content-Type: text/plain

Nothing here matches the declared boundary.
--other--
""")

write("malformed", "027-raw-8bit-header.eml", b"From: Fran\xe7ois <francois@operateur-a.mssante.test>\r\n"
      b"Subject: R\xe9sultat urgent\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCorps accentu\xe9.\r\n")

write("malformed", "028-preamble-epilogue.eml", """From: a@operateur-a.mssante.test
Subject: preamble
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="pe"

This is the preamble.
It is to be ignored.
--pe

Part without any header: text/plain by default.
--pe
Content-Type: text/plain; charset=us-ascii

Second part.
--pe--
This is the epilogue.
It is also to be ignored.
""")

nest = "Innermost text.\n"
for depth in range(12, 0, -1):
    nest = f"Content-Type: multipart/mixed; boundary=\"n{depth}\"\n\n--n{depth}\nContent-Type: text/plain\n\nlevel {depth}\n--n{depth}\n" + nest + f"--n{depth}--\n"
write("malformed", "029-deep-nesting.eml", "From: a@operateur-a.mssante.test\nSubject: deep\nMIME-Version: 1.0\n" + nest)

write("malformed", "030-mbox-from-line.eml", """From someone@example.test Sun Nov 22 10:00:00 2026
From: a@operateur-a.mssante.test
Subject: mbox
Date: Sun, 22 Nov 2026 10:00:00 +0100

Body after an mbox separator.
""")

write("malformed", "031-obsolete-date-and-header-space.eml", """From: a@operateur-a.mssante.test
Date: 22 Nov 26 10:00 EST
Subject : obsolete spacing
Message-ID: <031@operateur-a.mssante.test>

Body.
""")

write("malformed", "032-empty-parts.eml", """From: a@operateur-a.mssante.test
Subject: empty parts
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="e"

--e
--e
Content-Type: text/plain

--e--
""")
print("corpus written to", ROOT)
