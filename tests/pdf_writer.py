"""A plain PDF written by hand for the tests (no PDF writer is a dependency): pages of Helvetica text
lines, optionally RC4-128 encrypted by the standard security handler, revision 3."""
import hashlib

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _md5(data: bytes) -> bytes:
    return hashlib.md5(data).digest()


def _security(user: bytes, owner: bytes, file_id: bytes, permissions: int = -4) -> tuple[bytes, bytes, bytes]:
    """(O, U, file key) of the standard security handler, revision 3, 128-bit RC4."""
    h = _md5((owner + _PAD)[:32])
    for _ in range(50):
        h = _md5(h)
    o = _rc4(h, (user + _PAD)[:32])
    for i in range(1, 20):
        o = _rc4(bytes(b ^ i for b in h), o)
    key = _md5((user + _PAD)[:32] + o + permissions.to_bytes(4, "little", signed=True) + file_id)
    for _ in range(50):
        key = _md5(key)
    u = _rc4(key, _md5(_PAD + file_id))
    for i in range(1, 20):
        u = _rc4(bytes(b ^ i for b in key), u)
    return o, u + bytes(16), key


def pdf(pages: list[list[str]], *, user: bytes | None = None, owner: bytes = b"owner") -> bytes:
    """A PDF of `pages` (each a list of ASCII lines); encrypted when `user` is given ("" = owner password only)."""
    file_id = hashlib.md5(repr(pages[:1]).encode()).digest()
    key = None
    if user is not None:
        o, u, key = _security(user, owner, file_id)
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
                                 3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for k, lines in enumerate(pages):
        page_num, content_num = 4 + 2 * k, 5 + 2 * k
        kids.append(f"{page_num} 0 R")
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td"]
        for line in lines:
            ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        if key is not None:
            stream = _rc4(_md5(key + content_num.to_bytes(3, "little") + bytes(2))[:16], stream)
        objects[page_num] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                             f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_num} 0 R >>").encode()
        objects[content_num] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    encrypt_num = max(objects) + 1
    if key is not None:
        objects[encrypt_num] = (b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <" + o.hex().encode()
                                + b"> /U <" + u.hex().encode() + b"> >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (max(objects) + 1)
    for num in range(1, max(objects) + 1):
        out += b"%010d 00000 n \n" % offsets[num]
    trailer = f"<< /Size {max(objects) + 1} /Root 1 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
    if key is not None:
        trailer += f" /Encrypt {encrypt_num} 0 R"
    out += b"trailer\n" + (trailer + " >>\n").encode() + b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
