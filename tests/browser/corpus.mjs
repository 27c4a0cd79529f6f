// tests/browser/corpus.mjs - the minutes the browser tests index besides
// corpus/nb and corpus/da, written here (invented Norwegian text):
//
//  - a precedent trail: case 41/2024 decided in February and cited by two
//    later meetings of the same council, and an item full of æ, ø and å
//    before the word searched (søknad), where a highlight counted in
//    characters instead of UTF-8 bytes would land on the wrong letters;
//  - the XSS corpus: twelve meetings of an invented control council, each
//    with five agenda items, every one of the PAYLOADS planted in an item
//    title and in the item's text next to the meeting's code word, one
//    payload in each meeting's body line, and payloads in three file
//    names.  Every later meeting cites the first meeting's first case, so
//    that its trail lists all twelve.
//
// Every payload that would make an element carries the attribute data-xss,
// every script in it calls alert() or sets window.__xss: the tests look
// for those (a dialog, the attribute in the DOM, the variable).

import fs from 'node:fs';
import path from 'node:path';

export const PAYLOADS = [
    '<script data-xss>alert(1)</script>',
    '<img src=x onerror=alert(2) data-xss>',
    '<svg onload=alert(3) data-xss>',
    '"><img src=x onerror=alert(4) data-xss>',
    "'><img src=x onerror=alert(5) data-xss>",
    '</mark><script data-xss>alert(6)</script>',
    '</mark><img src=x onerror=alert(7) data-xss>',
    '<a href="javascript:alert(8)" data-xss>klikk her</a>',
    'javascript:alert(9)',
    "{{constructor.constructor('alert(10)')()}}",
    '${alert(11)}',
    '<iframe src="javascript:alert(12)" data-xss></iframe>',
    '<body onload=alert(13) data-xss>',
    '<input autofocus onfocus=alert(14) data-xss>',
    '<details open ontoggle=alert(15) data-xss>',
    '<video><source onerror=alert(16) data-xss></video>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(17) data-xss>',
    '<object data="javascript:alert(18)" data-xss></object>',
    '<embed src="javascript:alert(19)" data-xss>',
    '<style data-xss>body{background:red}</style>',
    '<link rel=stylesheet href=//evil.invalid/x.css data-xss>',
    '<meta http-equiv=refresh content="0;url=javascript:alert(22)" data-xss>',
    '<base href="javascript:alert(23)//" data-xss>',
    '<form action="javascript:alert(24)" data-xss><button>send</button></form>',
    '<textarea data-xss></textarea><script>alert(25)</script>',
    '</title><script data-xss>alert(26)</script>',
    '</textarea><script data-xss>alert(27)</script>',
    '--><script data-xss>alert(28)</script>',
    '<!--<img src=x onerror=alert(29) data-xss>-->',
    '<scr<script>ipt data-xss>alert(30)</script>',
    '<SCRIPT DATA-XSS>alert(31)</SCRIPT>',
    '<img src=x oNeRrOr=alert(32) data-xss>',
    '<img src="x" onerror="&#97;lert(33)" data-xss>',
    '\\u003cimg src=x onerror=alert(34) data-xss\\u003e',
    '&lt;img src=x onerror=alert(35) data-xss&gt;',
    '%3Cimg%20src%3Dx%20onerror%3Dalert(36)%20data-xss%3E',
    '\uff1cscript data-xss\uff1ealert(37)\uff1c/script\uff1e',
    '<img src=x onerror=\u0061lert(38) data-xss>',
    '<svg><script data-xss>alert(39)</script></svg>',
    '<svg><a xlink:href="javascript:alert(40)" data-xss><text x="0" y="9">x</text></a></svg>',
    '<img srcset=x onerror=alert(41) data-xss>',
    '<audio src=x onerror=alert(42) data-xss>',
    '<marquee onstart=alert(43) data-xss>',
    '<div style="background:url(javascript:alert(44))" data-xss>',
    '" onmouseover="alert(45)" data-xss="',
    "' onfocus='alert(46)' autofocus data-xss='",
    '" autofocus onfocus=alert(47) x="',
    '<img src=x:alert(48) onerror=eval(src) data-xss>',
    '<script data-xss>window.__xss=49</script>',
    '<img src=x onerror="window.__xss=50" data-xss>',
    '<x onclick=alert(51) data-xss>klikk</x>',
    '<template><img src=x onerror=alert(52) data-xss></template>',
    '<noscript><p title="</noscript><img src=x onerror=alert(53) data-xss>">',
    '<a href=" javascript:alert(54)" data-xss>x</a>',
    '<a href="jav&#x09;ascript:alert(55)" data-xss>x</a>',
    '<isindex action=javascript:alert(56) type=image data-xss>',
    '"><svg/onload=alert(57) data-xss>',
    '</li></ol><script data-xss>alert(58)</script>',
    '<mark data-xss>falsk treff</mark>',
    ']]><script data-xss>alert(60)</script>',
];

// Payloads in file names ('/' cannot be in a name).
export const FILE_PAYLOADS = [
    '<img src=x onerror=alert(71) data-xss>',
    '"><svg onload=alert(72) data-xss>',
    "'><b data-xss onmouseover=alert(73)>fil",
];

export const GROUPS = 12;
export const ITEMS = 5;

// The code word written next to the payloads of meeting G: searchable, in
// no dictionary, not shortened by the Norwegian stemmer, and two letters
// apart from every other (the index finds words one OCR confusion away:
// "zqbux" would find "zqpux").
export function codeWord(g) { return `zq${'bcdfghjklmnt'[g]}u${'rstvwzbcdfgh'[g]}x`; }

// The case number of item J in meeting G; the first is the trail's origin.
export function xssCase(g, j) { return `${100 + g * ITEMS + j}/2023`; }

export const TRAIL = {
    case: '41/2024',
    word: 'innkjøpsrutinene',
    dates: ['2024-02-07', '2024-04-10', '2024-09-18'],
};
export const NORDIC_WORD = 'søknad';
// The forms highlighted for it: the index also finds the OCR-damaged "soknad".
export const NORDIC_FORMS = /^s[øo]knad(en|er|ene|ens)?$/i;

const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august',
    'september', 'oktober', 'november', 'desember'];

function longDate(iso) {
    const [y, m, d] = iso.split('-').map(Number);
    return `${d}. ${MONTHS[m - 1]} ${y}`;
}

function trailMinutes(dir) {
    const [d1, d2, d3] = TRAIL.dates;
    const head = (d) => `Referat fra møte i Fagrådet for hjelpemidler\nDato: ${longDate(d)}\n\n`;
    fs.writeFileSync(path.join(dir, `${d1}-hjelpemidler-referat.txt`), head(d1) +
        `Sak 41/2024 Innkjøpsrutiner for hjelpemidler
Fagrådet gikk gjennom innkjøpsrutinene for hjelpemidler til barn og voksne. Leverandørene
har ulike leveringstider, og rådet ønsker én felles rutine for hele regionen.
Vedtak: Fagrådet ber sekretariatet skrive forslag til nye innkjøpsrutiner.

Sak 42/2024 Søknad om midler til blåbærprosjektet på Ørland
Blåbærsyltetøy på Ærø, økologisk bærplukking i Åsane og møteplasser på Østlandet: søknaden om
støtte til prosjektet ble drøftet. Søknad nummer to gjelder økt bemanning på Ørland.
Vedtak: Søknaden innvilges med inntil 200 000 kroner.
`);
    fs.writeFileSync(path.join(dir, `${d2}-hjelpemidler-referat.txt`), head(d2) +
        `Sak 50/2024 Forslag til nye innkjøpsrutiner
Sekretariatet la fram forslaget som rådet ba om i sak 41/2024. Forslaget samordner
leveringstidene og gir kommunene én kontaktperson.
Vedtak: Forslaget sendes på høring til helseforetakene.
`);
    fs.writeFileSync(path.join(dir, `${d3}-hjelpemidler-referat.txt`), head(d3) +
        `Sak 63/2024 Høringssvar om innkjøp
Høringssvarene om forslaget fra sak 41/2024 er gjennomgått. Helseforetakene støtter
en felles rutine, men ber om lengre frist for å innføre den.
Vedtak: Rutinen innføres fra 1. januar 2025.
`);
}

function xssMinutes(dir) {
    for (let g = 0; g < GROUPS; g++) {
        const date = `2023-${String(g + 1).padStart(2, '0')}-10`;
        const fp = FILE_PAYLOADS[g];
        const name = fp ? `${date}-${fp}-referat.txt` : `${date}-kontrollradet-referat.txt`;
        let text = `Referat fra møte i Kontrollrådet ${PAYLOADS[(g * ITEMS + 2) % PAYLOADS.length]}\n` +
            `Dato: ${longDate(date)}\n\n`;
        for (let j = 0; j < ITEMS; j++) {
            const p = PAYLOADS[g * ITEMS + j];
            text += `Sak ${xssCase(g, j)} Kontroll av rutiner ${p}\n` +
                `Rådet drøftet ${codeWord(g)} ${p} og gikk videre til neste punkt.\n` +
                (j === 1 && g > 0 ? `Saken bygger på sak ${xssCase(0, 0)} fra januar.\n` : '') +
                `Vedtak: Rådet tok saken til orientering.\n\n`;
        }
        fs.writeFileSync(path.join(dir, name), text);
    }
}

// Writes the test corpus into DIR: copies of corpus/nb and corpus/da from
// SRC, the trail and the XSS minutes.
export function writeCorpus(src, dir) {
    for (const lang of ['nb', 'da'])
        fs.cpSync(path.join(src, 'corpus', lang), path.join(dir, lang), { recursive: true });
    fs.mkdirSync(path.join(dir, 'trail'));
    trailMinutes(path.join(dir, 'trail'));
    fs.mkdirSync(path.join(dir, 'xss'));
    xssMinutes(path.join(dir, 'xss'));
}
