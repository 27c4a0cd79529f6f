# tests/e2e/formats.sh - HTML (UTF-8 and Windows-1252, entities), DOCX and
# ODT beside plain text: each is converted in-process and searchable, the
# minutes structure is read from HTML too, and each bad file (a truncated
# DOCX, a compression bomb, a text file named .docx, a binary .html) is
# named with its reason while the good ones are indexed.
. "$REFERAT_SRCDIR/tests/lib.sh"

IN="$TMP/in"
mkdir -p "$IN"

# UTF-8 HTML with entities, a script and a comment that must not be indexed.
cat >"$IN/fagraadet-mars.html" <<'EOF'
<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8">
<title>Referat fra m&oslash;te i Fagr&aring;det for sjeldne diagnoser</title>
<style>body { font-family: sans-serif }</style>
<script>var sporing = "hemmeligord";</script></head>
<body>
<h1>Referat fra m&oslash;te i Fagr&aring;det for sjeldne diagnoser</h1>
<p>Dato: 13.03.2024<br>Sted: Videom&oslash;te</p>
<h2>Sak 12/2024 Kompetanse for fysioterapeuter</h2>
<p>Bakgrunn: Fagr&aring;det dr&oslash;ftet hvordan <b>fysioterapeuter</b> i kommunene kan
f&aring; mer kunnskap om sjeldne nevromuskul&aelig;re tilstander.</p>
<p>Vedtak: Fagr&aring;det ber sekretariatet lage et kurs om hospitering &ndash; med
oppstart til h&oslash;sten.</p>
<!-- utkast: skjultord skal ikke finnes -->
</body></html>
EOF

# Windows-1252 HTML, declared in a meta tag (upper-case extension).
printf '%s\n%s\n' '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' \
    '<title>Styregruppen</title></head><body>' >"$IN/styregruppe.HTM"
printf '<p>M&oslash;dedato: 24. oktober 2024</p>\n<p>3) Ventetid p\345 \370jenunders\370gelser</p>\n<p>Sagsfremstilling: Styregruppen dr\370ftede ventetiden for b\370rn med synstab \226 den er blevet l\346ngere.</p>\n</body></html>\n' >>"$IN/styregruppe.HTM"

python3 - "$IN" <<'PY'
import sys, zipfile
d = sys.argv[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def para(text):
    return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<w:document %s><w:body>' % W
       + para('Referat fra m&#248;te i arbeidsgruppen for legemidler')
       + para('Dato: 05.06.2024')
       + '<w:p><w:r><w:t>Sak 7/2024</w:t></w:r><w:r><w:tab/><w:t>Legemidler i sykehjem</w:t></w:r></w:p>'
       + para('Arbeidsgruppen anbefaler en fast legemiddelgjennomgang hvert halv&#229;r.')
       + '<w:sectPr/></w:body></w:document>')
types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         '</Types>')
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
with zipfile.ZipFile(d + '/arbeidsgruppen.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', types)
    z.writestr('_rels/.rels', rels)
    z.writestr('word/document.xml', doc)

content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
           '<office:body><office:text>'
           '<text:h text:outline-level="1">Referat fra m&#248;de i genoptr&#230;ningsudvalget</text:h>'
           '<text:p>M&#248;dedato: 2. september 2024</text:p>'
           '<text:p>Udvalget gennemgik<text:s/>kommunernes genoptr&#230;ningsplaner<text:s text:c="3"/>'
           'og<text:tab/>fandt mangler.<text:line-break/>Der f&#248;lges op.</text:p>'
           '</office:text></office:body></office:document-content>')
manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
with zipfile.ZipFile(d + '/udvalget.odt', 'w') as z:
    z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
    z.writestr('META-INF/manifest.xml', manifest, zipfile.ZIP_DEFLATED)
    z.writestr('content.xml', content, zipfile.ZIP_DEFLATED)

# A bomb: 65 MB of zeros as word/document.xml, written in pieces.
with zipfile.ZipFile(d + '/bomb.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', types)
    with z.open('word/document.xml', 'w') as f:
        zeros = bytes(1 << 20)
        for _ in range(65):
            f.write(zeros)
PY
head -c 300 "$IN/arbeidsgruppen.docx" >"$IN/truncated.docx"
printf 'Dette er bare tekst, ikke et Word-dokument.\n' >"$IN/fake.docx"
printf '<html>\000\001\002\377\376PNG\000' >"$IN/binary.html"
printf '<html><head><title> </title></head><body><p>&nbsp;</p></body></html>\n' >"$IN/empty.html"
printf 'Referat fra arbeidsgruppen for rehabilitering\nSak 2/2024 Kjøkkenhagen ved sykehjemmet\nGruppen ønsker en kjøkkenhage for beboerne.\n' >"$IN/notat.txt"

"$INDEX" --db "$TMP/db" "$IN" >"$TMP/out" 2>"$TMP/err"
status=$?
check "formats: five added, four failed, one skipped, exit 1" sh -c '
    [ "$1" -eq 1 ] && grep -q "^referat-index: 5 added, .* 4 failed, 1 skipped" "$2"' _ "$status" "$TMP/out"
check "a truncated DOCX is named as damaged" contains "$TMP/err" "$IN/truncated.docx: damaged ZIP archive"
check "a DOCX compression bomb is named" contains "$TMP/err" "$IN/bomb.docx: inflates to more than 64 MB (a compression bomb?)"
check "a text file named .docx is not a ZIP archive" contains "$TMP/err" "$IN/fake.docx: not a ZIP archive"
check "a binary .html is refused" contains "$TMP/err" "$IN/binary.html: binary content (NUL byte at offset 6)"
check "an HTML page without text is skipped" contains "$TMP/err" "skipping $IN/empty.html: no text"

# hits QUERY FILE: some hit for QUERY comes from FILE.
hits() {
    "$QUERY" --db "$TMP/db" --json --limit 20 "$1" >"$TMP/q.json" 2>&1 || { cat "$TMP/q.json" >&2; return 1; }
    grep -q "\"path\":\"[^\"]*/$2\"" "$TMP/q.json" || fail_msg "no hit for $1 in $2: $(head -c 300 "$TMP/q.json")"
}
# none QUERY: no hit at all.
none() {
    "$QUERY" --db "$TMP/db" --json "$1" >"$TMP/q.json" 2>&1
    ! grep -q '"path"' "$TMP/q.json" || fail_msg "unexpected hit for $1: $(head -c 300 "$TMP/q.json")"
}

check "HTML: a word written with an entity (m&oslash;te)" hits møte fagraadet-mars.html
check "HTML: æ from &aelig;" hits nevromuskulære fagraadet-mars.html
check "HTML: inline markup joins the text" hits fysioterapeuter fagraadet-mars.html
check "HTML: script text is not indexed" none hemmeligord
check "HTML: comments are not indexed" none skjultord
check "Windows-1252 HTML by its meta charset" hits øjenundersøgelser styregruppe.HTM
check "Windows-1252 HTML text is stored as UTF-8" sh -c '
    "$1" --db "$2" --json synstab | grep -q "børn med synstab – den er blevet længere"' _ "$QUERY" "$TMP/db"
check "DOCX text is found" hits legemiddelgjennomgang arbeidsgruppen.docx
check "DOCX: character references decoded" hits halvår arbeidsgruppen.docx
check "ODT text is found" hits genoptræningsplaner udvalget.odt
check "ODT: text:s joins words with a space" sh -c '
    "$1" --db "$2" --json genoptræningsplaner | grep -q "gennemgik kommunernes genoptræningsplaner og"' _ "$QUERY" "$TMP/db"
check "the text file beside them is found" hits kjøkkenhage notat.txt

check "HTML minutes: the item and the date are read" sh -c '
    "$1" --db "$2" --json "case:12/2024" >"$3/case.json" &&
    grep -q "fagraadet-mars.html" "$3/case.json" &&
    grep -q "\"date\":\"2024-03-13\"" "$3/case.json" &&
    grep -q "\"case\":\"12/2024\"" "$3/case.json"' _ "$QUERY" "$TMP/db" "$TMP"
check "DOCX minutes: the item (Sak 7/2024) and the date are read" sh -c '
    "$1" --db "$2" --json legemiddelgjennomgang | grep -q "\"date\":\"2024-06-05\".*\"case\":\"7/2024\""' _ "$QUERY" "$TMP/db"
check "year: filters converted documents too" sh -c '
    "$1" --db "$2" --json "year:2024 genoptræningsplaner" | grep -q udvalget.odt' _ "$QUERY" "$TMP/db"

t_done
