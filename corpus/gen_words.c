/* gen_words.c - the word lists, names and sentence patterns of the
 * minutes generator, Norwegian Bokmål and Danish.
 *
 * Written for this project: the bodies, places, organisations and people
 * are invented (the Danish regions and university hospitals are real
 * institutions, named the way any minutes would).  The formats are
 * described in gen_words.h; the pattern slots in gen_text.c (fill()).
 * All text is representable in Windows-1252, which some files are
 * written in.
 */
#include "gen_words.h"

#include <stddef.h>

/* ===================== Norwegian (Bokmål) ===================== */

static const char *const nb_nouns[] = {
    "sak:m", "møte:E", "tilbud:n", "pasient:m", "behandling:m", "tjeneste:e", "plan:m",
    "arbeid:n", "forslag:n", "år:n", "rapport:m", "referat:N", "vedtak:n", "budsjett:N",
    "kommune:e", "oppfølging:m", "sykehus:n", "helseforetak:n", "gruppe:e", "behov:n",
    "kompetanse:e", "utredning:m", "rehabilitering:m", "henvisning:m", "ventetid:m",
    "samarbeid:n", "avdeling:m", "prosjekt:N", "medlem|medlemmet|medlemmer|medlemmene|n",
    "leder:r", "innkalling:m", "orientering:m", "status:m", "kapasitet:m", "ressurs:m",
    "opplæring:m", "veiledning:m", "samhandling:m", "poliklinikk:m", "enhet:m", "fagmiljø:n",
    "fagområde:E", "fagdag:m", "kurs:n", "nettverk:n", "konferanse:e", "retningslinje:e",
    "veileder:r", "prosedyre:e", "pakkeforløp:n", "forløp:n", "diagnose:e", "tilstand:m",
    "sykdom|sykdommen|sykdommer|sykdommene|m", "lidelse:e", "symptom:N", "funksjon:m",
    "habilitering:m", "opphold:n", "deltaker:r", "lege:e", "sykepleier:r", "fysioterapeut:m",
    "ergoterapeut:m", "psykolog:m", "logoped:m", "spesialist:m", "fastlege:e", "nestleder:r",
    "representant:m", "sekretær:m", "sekretariat:N", "styringsgruppe:e", "arbeidsgruppe:e",
    "referansegruppe:e", "fagråd:n", "utvalg:n", "mandat:N", "evaluering:m", "kartlegging:m",
    "undersøkelse:e", "analyse:e", "register|registeret|registre|registrene|n",
    "dekningsgrad:m", "kvalitet:m", "indikator:m", "resultat:N", "mål:n", "tiltak:n",
    "prioritering:m", "strategi:m", "satsing:m", "pilot:m", "forskning:m", "studie:e",
    "doktorgrad:m", "publikasjon:m", "søknad:m", "middel|midlet|midler|midlene|n",
    "tilskudd:n", "finansiering:m", "kostnad:m", "underskudd:n", "overskudd:n", "årsverk:n",
    "stilling:m", "bemanning:m", "rekruttering:m", "høring:m", "uttalelse:e", "innspill:n",
    "merknad:m", "avtale:e", "kontrakt:m", "anskaffelse:e", "informasjon:m",
    "kommunikasjon:m", "nettside:e", "brosjyre:e", "film:m", "journal:m", "system:N",
    "løsning:m", "digitalisering:m", "video:m", "konsultasjon:m", "telefon:m",
    "henvendelse:e", "bruker:r", "brukermedvirkning:m", "organisasjon:m", "forening:m",
    "familie:e", "barn|barnet|barn|barna|n", "ungdom|ungdommen|ungdommer|ungdommene|m",
    "region:m", "landsdel:m", "praksis:m", "rutine:e", "rettighet:m", "plikt:m", "lov:m",
    "forskrift:m", "regelverk:n", "tilsyn:n", "avvik:n", "hendelse:e", "risiko:m",
    "sikkerhet:m", "smitte:e", "vaksine:e", "legemiddel|legemidlet|legemidler|legemidlene|n",
    "medisin:m", "metode:e", "teknologi:m", "utstyr:n", "apparat:N", "operasjon:m",
    "kirurgi:m", "intervensjon:m", "screening:m", "test:m", "prøve:e", "svar:n", "funn:n",
    "genetikk:m", "gen:N", "epilepsi:m", "kreft:m", "hjerneslag:n", "demens:m", "smerte:e",
    "søvn:m", "ernæring:m", "fysioterapi:m", "tannhelse:e", "psykiatri:m", "rus:m",
    "avhengighet:m", "livskvalitet:m", "mestring:m", "aktivitet:m", "trening:m",
    "utdanning:m", "skole:e", "barnehage:e", "overgang:m", "transisjon:m", "ansvar:n",
    "rolle:e", "oppgave:e", "fordeling:m", "struktur:m", "modell:m", "organisering:m",
    "endring:m", "utvikling:m", "forbedring:m", "innføring:m", "implementering:m",
    "erfaring:m", "tilbakemelding:m", "ønske:E", "utfordring:m", "problem:N",
    "spørsmål:n", "frist:m", "dato:m", "periode:e", "måned:m", "uke:e", "dag:m",
    "halvår:n", "økonomi:m", "ramme:e", "andel:m", "antall:n", "økning:m", "nedgang:m",
    "reduksjon:m", "effekt:m", "gevinst:m", "nytte:e", "pris:m", "beløp:n", "dokument:N",
    "notat:N", "utkast:n", "versjon:m", "mal:m", "skjema|skjemaet|skjemaer|skjemaene|n",
    "oversikt:m", "sammendrag:n", "årsrapport:m", "handlingsplan:m", "strategiplan:m",
    "møteplan:m", "vurdering:m", "beslutning:m", "gjennomgang:m", "fremdrift:m",
    "arbeidsform:m", "kunnskap:m", "kunnskapsgrunnlag:n", "veiledningsplikt:m",
    "hospitering:m", "ambulering:m", "reise:e", "besøk:n", "døgnopphold:n", "dagtilbud:n",
    "tverrfaglighet:m", "koordinator:m", "kontaktperson:m",
    "pasientforløp:n", "sykehusopphold:n", "innleggelse:e", "utskrivning:m",
    "spesialisthelsetjeneste:e", "kommunehelsetjeneste:e", "fastlegeordning:m",
    "helsesykepleier:r", "jordmor|jordmoren|jordmødre|jordmødrene|m", "tolk:m", "likeperson:m",
    NULL,
};

static const char *const nb_mods[] = {
    "pasient", "behandlings", "helse", "kvalitets", "sykehus", "barne", "fag",
    "rehabiliterings", "kompetanse", "bruker", "kommune", "oppfølgings", "sikkerhets",
    "forsknings", "samhandlings", "utrednings", "ungdoms", "habiliterings", "opplærings",
    "samarbeids", "spesialist", "diagnose", "henvisnings", "vente", "kapasitets", "ressurs",
    "budsjett", "økonomi", "drifts", "ledelses", "styrings", "prosjekt", "pilot",
    "evaluerings", "rapporterings", "register", "journal", "gruppe", "team", "nettverks",
    "konsultasjons", "video", "telefon", "smerte", "søvn", "ernærings", "trenings",
    "aktivitets", "mestrings", "livskvalitets", "arbeids", "skole", "barnehage",
    "overgangs", "eldre", "demens", "kreft", "hjerte", "lunge", "nyre", "lever", "hjerne",
    "nerve", "muskel", "hud", "øye", "tann", "rus", "akutt", "ambulanse", "legevakt",
    "smitte", "vaksine", "legemiddel", "medisin", "gen", "screening", "test", "prøve",
    "bilde", "operasjons", "intensiv", "føde", "svangerskaps", "familie", "søsken",
    "informasjons", "kommunikasjons", "nett", "data", "system", "avviks", "risiko",
    "tilsyns", "kontroll", "rutine", "prosedyre", "beslutnings", "prioriterings",
    "hørings", "rådgivnings", "veilednings", "kurs", "konferanse", "hospiterings", "reise",
    "døgn", "dag", "års", "regions", "lands", "fylkes", "områdes", "epilepsi", "diabetes",
    "astma", "allergi", "revma", "blod", "beins", "rygg", "hofte", "kne", "skulder",
    "syns", "hørsels", "tale", "språk", "lærings", "atferds", "angst", "depresjons",
    "psykose", "traume", "ulykkes", "brann", "beredskaps", "kriser", "tolke",
    NULL,
};

static const char *const nb_verbs[] = {
    "være|er|var|vært", "ha|har|hadde|hatt", "bli|blir|ble|blitt", "vurdere:b",
    "drøfte:a", "behandle:a", "gi|gir|ga|gitt", "foreslå|foreslår|foreslo|foreslått",
    "vedta|vedtar|vedtok|vedtatt", "støtte:a", "ta|tar|tok|tatt", "få|får|fikk|fått",
    "anbefale:b", "etablere:b", "legge|legger|la|lagt", "gjennomføre:b", "følge|følger|fulgte|fulgt",
    "arbeide:a", "evaluere:b", "be|ber|ba|bedt", "orientere:b", "informere:b", "mene:b",
    "starte:a", "avslutte:a", "implementere:b", "invitere:b", "presentere:b",
    "organisere:b", "prioritere:b", "rapportere:b", "registrere:b", "publisere:b",
    "koordinere:b", "diskutere:b", "kommentere:b", "beslutte:a", "øke:b", "redusere:b",
    "videreføre:b", "innføre:b", "bruke:b", "avklare:b", "styrke:a", "kreve:d", "prøve:d",
    "oppnevne:b", "søke:b", "sende:b", "melde:b", "peke:b", "understreke:a", "vise:b",
    "spørre|spør|spurte|spurt", "tilby|tilbyr|tilbød|tilbudt", "henvise:b", "utrede:a",
    "kartlegge|kartlegger|kartla|kartlagt", "godkjenne:b", "endre:a", "utsette|utsetter|utsatte|utsatt",
    "avvente:a", "fortsette|fortsetter|fortsatte|fortsatt", "delta|deltar|deltok|deltatt",
    "oppdatere:b", "sikre:a", "bidra|bidrar|bidro|bidratt", "si|sier|sa|sagt",
    "se|ser|så|sett", "gå|går|gikk|gått", "stå|står|sto|stått", "finne|finner|fant|funnet",
    "skrive|skriver|skrev|skrevet", "komme|kommer|kom|kommet", "gjøre|gjør|gjorde|gjort",
    "ønske:a", "trenge:b", "mangle:a", "dekke:a", "koste:a", "gjelde|gjelder|gjaldt|gjeldt",
    "utarbeide:a", "planlegge|planlegger|planla|planlagt", "fordele:a", "forankre:a",
    "revidere:b", "justere:b", "samordne:a", "tilpasse:a", "formidle:a", "henvende:b",
    "utvide:a", "avgrense:a", "beregne:a", "fremme:a", "lede:a", "anslå|anslår|anslo|anslått",
    "motta|mottar|mottok|mottatt", "behøve:d", "kontakte:a", "følge opp|følger opp|fulgte opp|fulgt opp",
    NULL,
};

static const char *const nb_adjs[] = {
    "ny|nytt|nye", "god", "viktig", "nasjonal", "regional", "stor", "faglig", "lokal",
    "kommunal", "klinisk", "tverrfaglig", "medisinsk", "sjelden|sjeldent|sjeldne", "kronisk",
    "akutt|akutt|akutte", "alvorlig", "langvarig", "arvelig", "genetisk", "digital", "fysisk",
    "sosial", "økonomisk", "praktisk", "systematisk", "helhetlig", "felles|felles|felles",
    "samlet|samlet|samlede", "aktuell|aktuelt|aktuelle", "relevant|relevant|relevante",
    "tydelig", "skriftlig", "muntlig", "foreløpig", "endelig", "årlig", "ukentlig",
    "ordinær", "ekstra|ekstra|ekstra", "høy|høyt|høye", "lav", "lang|langt|lange",
    "kort|kort|korte", "vanlig", "spesialisert|spesialisert|spesialiserte", "poliklinisk",
    "ambulant|ambulant|ambulante", "intensiv", "tidlig", "eldre|eldre|eldre",
    "yngre|yngre|yngre", "voksen|voksent|voksne", "norsk", "nordisk", "europeisk",
    "internasjonal", "offentlig", "privat|privat|private", "frivillig", "ansvarlig", "psykisk",
    "somatisk", "varig", "likeverdig", "forsvarlig", "bred|bredt|brede", "egen|eget|egne",
    "tilgjengelig", "nødvendig", "økt|økt|økte", "redusert|redusert|reduserte",
    NULL,
};

static const char *const nb_advs[] = {
    "også", "fortsatt", "derfor", "særlig", "i hovedsak", "blant annet", "dessuten",
    "imidlertid", "likevel", "allerede", "foreløpig", "nå", "tidligere", "fremover",
    "etter hvert", "i stor grad", "på sikt", "snarest", "i første omgang", "i praksis",
    "samtidig", "i tillegg", "etter planen", "på nytt",
    NULL,
};

static const char *const nb_preps[] = {
    "i", "for", "til", "på", "med", "av", "om", "fra", "ved", "hos", "etter", "under",
    "over", "mellom", "gjennom", "uten", "innen", "blant", "mot",
    NULL,
};

static const char *const nb_modals[] = { "skal", "bør", "kan", "må", "vil", NULL };

static const char *const nb_subjects[] = {
    "arbeidsgruppen", "sekretariatet", "tjenesten", "helseforetaket", "avdelingen", "leder",
    "sekretæren", "brukerrepresentanten", "kommunerepresentanten", "fagdirektøren",
    "prosjektgruppen", "flere medlemmer", "et medlem", "klinikken", "regionen",
    "kompetansetjenesten", "fagmiljøet", "referansegruppen", "kommunene", "fastlegene",
    "nestleder", "prosjektleder", "klinikksjefen", "styret", "vertsforetaket",
    NULL,
};

static const char *const nb_counted[] = {
    "pasienter", "deltakere", "henvisninger", "søknader", "kommuner", "konsultasjoner",
    "opphold", "kurs", "henvendelser", "årsverk", "medlemmer", "avvik", "innleggelser",
    "hospitanter", "studier", "prosjekter", "familier", "barn", "brukere", "tiltak",
    NULL,
};

static const char *const nb_numwords[] = {
    "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv", NULL,
};

/* Slots: see fill() in gen_text.c. */
static const char *const nb_sentences[] = {
    "%S %V %N %P.",
    "%S %T at %N %M %Q %P.",
    "%B har tidligere %A %N, %c.",
    "Det ble %A at %N %M %Q %a.",
    "I %y %T %S %n %P.",
    "%m orienterte om %N %P.",
    "%m pekte på at %N %V %N, og at %p %M %Q %P.",
    "Det er behov for %N %P, særlig %P.",
    "%S mente at %N %a %M %Q %P.",
    "Kostnadene til %N er beregnet til %k.",
    "Andelen %P har økt fra %q til %q.",
    "Det ble stilt spørsmål ved om %N %M %Q %P.",
    "Flere medlemmer %T at %N %P %V %N.",
    "Saken ble drøftet, og det var enighet om at %N %M %Q %e.",
    "%S har %A %n %P.",
    "%O har %A %N %P.",
    "Etter en samlet vurdering %V %S at %N %M %I %N.",
    "%m viste til %N fra %y, %c.",
    "Dette gjelder særlig %p %P.",
    "%S %a %V %N, men %N %V %a %N %P.",
    "Ventetiden for %N er nå %w.",
    "%S foreslo at %N %Q %P, og at %S %I %N %e.",
    "Ifølge %N %P %V %p %N %a.",
    "%N %P %V %a %N, og %N %M %Q.",
    "%S understreket at %N %P ikke %M %Q %a.",
    "Det er %A %n %P i %y, mot %n året før.",
    "Tjenesten har %a %A %N %P og %V nå %N.",
    "%m spurte om %N %M %Q %P.",
    "Det ble presisert at %N %V %N %P.",
    "%S %T %N %P, og %N %T %a.",
    "Erfaringene med %N er %a gode, men %p %V %N.",
    "Budsjettet for %z forutsetter %N %P.",
    "Det er ikke %A %N %P %a.",
    "Saken ble også %A i %B %c.",
    "%S ønsker at %N %Q %P.",
    "%m, %r, %T %N %P.",
    NULL,
};

static const char *const nb_decisions[] = {
    "%B tar orienteringen til etterretning.",
    "%B tar saken til orientering.",
    "%B støtter forslaget om %N %P.",
    "%B ber %S om å %I %N %P %e.",
    "%B vedtar %N som foreslått.",
    "Forslaget vedtas med de endringer som kom frem i møtet.",
    "%N sendes på høring til %p %e.",
    "Saken tas opp igjen i neste møte.",
    "%B slutter seg til %N og ber om at %N %Q %P.",
    "%B godkjenner %N for %z.",
    "Saken utsettes til neste møte.",
    "%B støtter at %N %Q %P, og ber om en ny vurdering %e.",
    NULL,
};

static const char *const nb_proposals[] = {
    "%B tar saken til orientering.",
    "%B støtter forslaget om %N %P.",
    "%B vedtar %N som foreslått.",
    "%B ber %S om å %I %N %e.",
    NULL,
};

static const char *const nb_titles[] = {
    "Orientering om %N", "Status for %N", "%C", "Budsjett %z", "Årsrapport %Y",
    "Evaluering av %N", "Høring: %N", "Regional retningslinje for %N", "Oppfølging av %N",
    "Søknad om midler til %N", "Rapport fra arbeidsgruppen for %N", "Erfaringer med %N",
    "Oppnevning av nye medlemmer", "Møteplan for %z", "Strategiplan %y–%x",
    "Ventetider %P", "%C og %C", "Økonomirapport per %t. tertial %y", "Innspill til %N",
    "Revidert mandat for %B", "Presentasjon av %N", "Kvalitetsindikatorer for %N",
    "Tilbudet til %p %P", "Fagdag %z", "Prosjekt: %C",
    NULL,
};

static const char *const nb_refs[] = {
    "jf. sak %s", "se sak %s", "som vedtatt i sak %s", "(sak %s)", "jf. vedtak i sak %s",
    "som omtalt i sak %s", NULL,
};

static const char *const nb_norefs[] = {
    "jf. tidligere behandling", "som tidligere omtalt", "jf. referat fra forrige møte", NULL,
};

static const char *const nb_deadlines[] = {
    "innen utgangen av %z", "i løpet av våren %z", "til neste møte", "innen 1. %o %z",
    "i løpet av høsten", "før sommeren", NULL,
};

static const char *const nb_given[] = {
    "Ingrid", "Kari", "Solveig", "Marit", "Ragnhild", "Astrid", "Hanne", "Liv", "Tone",
    "Berit", "Sigrid", "Ingunn", "Gunnhild", "Åse", "Eli", "Torunn", "Guro", "Silje",
    "Ida", "Nora", "Maren", "Thea", "Siri", "Mona", "Trine", "Anne Lise", "Kjersti",
    "Hilde", "Ola", "Per", "Knut", "Lars", "Bjørn", "Eirik", "Tormod", "Jørgen", "Håkon",
    "Sverre", "Arne", "Øyvind", "Geir", "Terje", "Rune", "Stian", "Vegard", "Magnus",
    "Tor Einar", "Audun", "Halvor", "Odd", "Trond", "Espen", "Jon", "Anders", "Sindre",
    "Kjetil", "Øystein", "Randi", "Synnøve", "Bjørg", NULL,
};

static const char *const nb_family[] = {
    "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Hagen", "Bakke", "Strand",
    "Lie", "Dahl", "Moen", "Solberg", "Nygaard", "Aasen", "Sæther", "Tveit", "Lunde",
    "Nilsen", "Eide", "Holm", "Bråten", "Myhre", "Fjeld", "Vik", "Rønning", "Sandvik",
    "Kvam", "Brekke", "Løken", "Aune", "Helland", "Tangen", "Hovland", "Grønli", "Sørli",
    "Øverby", "Lyngstad", "Skjelbred", "Torsvik", "Ødegård", "Bjørnstad", "Mæland",
    "Kolstø", "Flatmo", "Haugland", "Rustad", "Vestby", "Lien", "Ås", NULL,
};

static const char *const nb_roles[] = {
    "leder", "sekretær", "nestleder", "brukerrepresentant", "kommunerepresentant",
    "fagdirektør", "klinikksjef", "overlege", "rådgiver", "prosjektleder",
    "spesialsykepleier", "seksjonsleder", "fysioterapeut", "psykologspesialist", NULL,
};

static const char *const nb_orgs[] = {
    "Norsk forening for arvelige hjertesykdommer (NFAH)",
    "Landsforeningen for pårørende i psykisk helse (LPPH)",
    "Norsk pasientforening for søvnsykdommer (NPSS)",
    "Nasjonalt råd for kvalitet i kommunehelsetjenesten (NRKK)",
    "Kompetansesenter for tverrfaglig smertebehandling (KTS)",
    "Norsk kvalitetsregister for barnepalliasjon (NORBAP)",
    "Regionalt kompetansesenter for eldremedisin (RKEM)",
    "Foreningen for barn med sjeldne diagnoser (FBSD)",
    NULL,
};

static const char *const nb_hospitals[] = {
    "Sykehuset Vestvik", "Nordkyst universitetssykehus", "Sykehuset Østre Lia",
    "Midtfjord sykehus", "Sjukehuset Breivika", "Austvik sykehus", "Sørlia sykehus",
    "Innlandsfjell sykehus", NULL,
};

static const char *const nb_rooms[] = {
    "Møterom Fjorden", "Møterom Nordlyset", "Møterom Tinden", "Storstua", "Møterom Eika",
    "Auditoriet", "Møterom Lyngen", "Kantinebygget, 3. etasje", NULL,
};

static const char *const nb_kinds[] = {
    "Fagrådet for", "Styringsgruppen for", "Faggruppen for", "Kvalitetsutvalget for",
    "Arbeidsgruppen for", NULL,
};

static const char *const nb_kind_short[] = {
    "Fagrådet", "Styringsgruppen", "Faggruppen", "Kvalitetsutvalget", "Arbeidsgruppen", NULL,
};

static const char *const nb_topics[] = {
    "lungesykdommer", "hjertesvikt", "diabetes hos barn", "smertebehandling",
    "nyfødtmedisin", "revmatologi", "hudsykdommer", "øyesykdommer", "palliasjon",
    "geriatri", "akuttmedisin", "rusbehandling", "spiseforstyrrelser", "psykoselidelser",
    "nyresykdommer", "blodsykdommer", "infeksjonsmedisin", "ortopedi", "fødselshjelp",
    "barnekirurgi", "nevrorehabilitering", "arbeidsmedisin", "ernæring",
    "klinisk farmakologi", "radiologi", "patologi", "tannhelse", "kreft hos eldre",
    "sjeldne muskelsykdommer", "søvnmedisin", "epilepsi", "hørsel", "allergi og astma",
    "transplantasjon", "slagbehandling", "ambulansetjenester", "legemiddelhåndtering",
    "smittevern", "habilitering av voksne", "barn og unges psykiske helse", NULL,
};

static const char *const nb_regions[] = {
    "Helse Nordkyst RHF", "Helse Vestfjord HF", "Helse Midtfjord HF", "Helse Austvik HF",
    "Sykehuset Vestvik HF", "Helse Sørlia HF", "Innlandsfjell sykehus HF",
    "Helse Nordvidda HF", NULL,
};

static const char *const nb_months[] = {
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "desember", NULL,
};

static const char *const nb_weekdays[] = {
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", NULL,
};

static const char *const nb_eventuelt[] = {
    "Møteplan for %z: %u møter, alle digitalt inntil videre.",
    "%m orienterte om %N %P.",
    "Neste møte holdes %d. %o %y.",
    "Sekretariatet sender ut %N %e.",
    NULL,
};

/* ===================== Danish ===================== */

static const char *const da_nouns[] = {
    "sag:c", "møde:E", "tilbud|tilbuddet|tilbud|tilbuddene|t", "patient:c", "behandling:c",
    "ydelse:C", "plan:c", "arbejde:E", "forslag:t", "år:t", "rapport:c", "referat:T",
    "beslutning:c", "budget|budgettet|budgetter|budgetterne|t", "kommune:C", "opfølgning:c",
    "sygehus|sygehuset|sygehuse|sygehusene|t", "hospital:T", "gruppe:C", "behov:t",
    "kompetence:C", "udredning:c", "rehabilitering:c", "henvisning:c", "ventetid:c",
    "samarbejde:E", "afdeling:c", "projekt:T", "medlem|medlemmet|medlemmer|medlemmerne|t",
    "formand|formanden|formænd|formændene|c", "indkaldelse:C", "orientering:c",
    "kapacitet:c", "ressource:C", "uddannelse:C", "vejledning:c", "region:c", "klinik:c",
    "enhed:c", "center|centret|centre|centrene|t", "fagområde:E", "netværk:t",
    "konference:C", "kursus|kurset|kurser|kurserne|t", "retningslinje:C", "procedure:C",
    "pakkeforløb:t", "forløb:t", "diagnose:C", "tilstand|tilstanden|tilstande|tilstandene|c",
    "sygdom|sygdommen|sygdomme|sygdommene|c", "lidelse:C", "symptom:T", "funktion:c",
    "ophold:t", "deltager:r", "læge:C", "sygeplejerske:C", "fysioterapeut:c",
    "ergoterapeut:c", "psykolog:c", "speciallæge:C", "repræsentant:c", "sekretariat:T",
    "styregruppe:C", "arbejdsgruppe:C", "følgegruppe:C", "udvalg:t",
    "kommissorium|kommissoriet|kommissorier|kommissorierne|t", "evaluering:c",
    "kortlægning:c", "undersøgelse:C", "analyse:C", "register|registeret|registre|registrene|t",
    "dækningsgrad:c", "kvalitet:c", "indikator:c", "resultat:T", "mål:t", "tiltag:t",
    "prioritering:c", "strategi:c", "indsats:c", "pilotprojekt:T", "forskning:c",
    "studie:E", "publikation:c", "ansøgning:c", "bevilling:c", "pulje:C", "finansiering:c",
    "udgift:c", "underskud|underskuddet|underskud|underskuddene|t", "årsværk:t", "stilling:c",
    "bemanding:c", "rekruttering:c", "høring:c", "høringssvar:t", "udtalelse:C",
    "bemærkning:c", "aftale:C", "kontrakt:c", "information:c", "kommunikation:c",
    "hjemmeside:C", "pjece:C", "journal:c", "system:T", "løsning:c", "digitalisering:c",
    "video:c", "konsultation:c", "telefon:c", "henvendelse:C", "bruger:r",
    "patientforening:c", "forening:c", "familie:C", "barn|barnet|børn|børnene|t",
    "landsdel:c", "rutine:C", "rettighed:c", "pligt:c", "lov|loven|love|lovene|c",
    "bekendtgørelse:C", "tilsyn:t", "hændelse:C", "risiko|risikoen|risici|risiciene|c",
    "sikkerhed:c", "smitte:C", "vaccine:C",
    "lægemiddel|lægemidlet|lægemidler|lægemidlerne|t", "medicin:c", "metode:C",
    "teknologi:c", "udstyr:t", "apparat:T", "operation:c", "kirurgi:c", "indgreb:t",
    "screening:c", "test:c", "prøve:C", "svar:t", "fund:t", "genetik:c", "gen:T",
    "epilepsi:c", "kræft:c", "apopleksi:c", "demens:c", "smerte:C", "søvn:c", "ernæring:c",
    "fysioterapi:c", "tandpleje:C", "psykiatri:c", "misbrug:t", "afhængighed:c",
    "livskvalitet:c", "mestring:c", "aktivitet:c", "træning:c", "skole:C",
    "daginstitution:c", "overgang|overgangen|overgange|overgangene|c", "ansvar:t",
    "rolle:C", "opgave:C", "fordeling:c", "struktur:c", "model|modellen|modeller|modellerne|c",
    "organisering:c", "ændring:c", "udvikling:c", "forbedring:c", "indførelse:C",
    "implementering:c", "erfaring:c", "tilbagemelding:c", "ønske:E", "udfordring:c",
    "problem:T", "spørgsmål:t", "frist:c", "dato:c", "periode:C", "måned:c", "uge:C",
    "dag|dagen|dage|dagene|c", "halvår:t", "økonomi:c", "ramme:C", "andel:c", "antal:t",
    "stigning:c", "fald:t", "reduktion:c", "effekt:c", "gevinst:c", "nytte:C", "pris:c",
    "beløb:t", "dokument:T", "notat:T", "udkast:t", "version:c", "skabelon:c", "skema:T",
    "oversigt:c", "sammenfatning:c", "årsrapport:c", "handleplan:c", "mødeplan:c",
    "specialeplan:c", "visitation:c", "vurdering:c", "gennemgang:c", "fremdrift:c",
    "arbejdsform:c", "viden:c", "vidensgrundlag:t", "klinikophold:t", "rejsepulje:C",
    "døgnophold:t", "dagtilbud|dagtilbuddet|dagtilbud|dagtilbuddene|t", "koordinator:c",
    "kontaktperson:c", "forløbsplan:c", "patientforløb:t", "indlæggelse:C",
    "udskrivning:c", "sundhedsvæsen:t", "sundhedsplejerske:C",
    "jordemoder|jordemoderen|jordemødre|jordemødrene|c", "tolk:c",
    NULL,
};

static const char *const da_mods[] = {
    "patient", "behandlings", "sundheds", "kvalitets", "sygehus", "børne", "fag",
    "rehabiliterings", "kompetence", "bruger", "kommune", "opfølgnings", "sikkerheds",
    "forsknings", "samarbejds", "udrednings", "ungdoms", "uddannelses", "speciale",
    "diagnose", "henvisnings", "vente", "kapacitets", "ressource", "budget", "økonomi",
    "drifts", "ledelses", "styrings", "projekt", "pilot", "evaluerings", "register",
    "journal", "gruppe", "team", "netværks", "konsultations", "video", "telefon", "smerte",
    "søvn", "ernærings", "trænings", "aktivitets", "livskvalitets", "arbejds", "skole",
    "overgangs", "ældre", "demens", "kræft", "hjerte", "lunge", "nyre", "lever", "hjerne",
    "nerve", "muskel", "hud", "øjen", "tand", "misbrugs", "akut", "ambulance", "smitte",
    "vaccine", "lægemiddel", "medicin", "gen", "screenings", "test", "prøve", "billed",
    "operations", "intensiv", "fødsels", "graviditets", "familie", "søskende",
    "informations", "kommunikations", "data", "system", "tilsyns", "kontrol", "procedure",
    "standard", "beslutnings", "prioriterings", "hørings", "rådgivnings", "vejlednings",
    "kursus", "konference", "klinik", "regions", "lands", "område", "epilepsi", "diabetes",
    "astma", "allergi", "gigt", "blod", "knogle", "ryg", "hofte", "knæ", "skulder", "syns",
    "høre", "tale", "sprog", "lærings", "adfærds", "angst", "depressions", "psykose",
    "traume", "ulykkes", "brand", "beredskabs", "krise", "tolke", "døgn", "dag", "års",
    NULL,
};

static const char *const da_verbs[] = {
    "være|er|var|været", "have|har|havde|haft", "blive|bliver|blev|blevet", "vurdere:a",
    "drøfte:a", "behandle:a", "give|giver|gav|givet", "foreslå|foreslår|foreslog|foreslået",
    "vedtage|vedtager|vedtog|vedtaget", "støtte:a", "tage|tager|tog|taget", "få|får|fik|fået",
    "anbefale:a", "etablere:a", "lægge|lægger|lagde|lagt", "gennemføre:b",
    "følge|følger|fulgte|fulgt", "arbejde:a", "evaluere:a", "bede|beder|bad|bedt",
    "orientere:a", "informere:a", "mene:b", "starte:a", "afslutte:a", "implementere:a",
    "invitere:a", "præsentere:a", "organisere:a", "prioritere:a", "rapportere:a",
    "registrere:a", "publicere:a", "koordinere:a", "diskutere:a", "kommentere:a",
    "beslutte:a", "øge:a", "reducere:a", "videreføre:b", "indføre:b", "bruge:b",
    "afklare:a", "styrke:a", "kræve:a", "prøve:a", "udpege:a", "søge:b", "sende:b",
    "melde:b", "pege:a", "understrege:a", "vise:b", "spørge|spørger|spurgte|spurgt",
    "tilbyde|tilbyder|tilbød|tilbudt", "henvise:b", "kortlægge|kortlægger|kortlagde|kortlagt",
    "godkende:b", "ændre:a", "udsætte|udsætter|udsatte|udsat", "afvente:a",
    "fortsætte|fortsætter|fortsatte|fortsat", "deltage|deltager|deltog|deltaget",
    "opdatere:a", "sikre:a", "bidrage|bidrager|bidrog|bidraget", "sige|siger|sagde|sagt",
    "se|ser|så|set", "gå|går|gik|gået", "stå|står|stod|stået", "finde|finder|fandt|fundet",
    "skrive|skriver|skrev|skrevet", "komme|kommer|kom|kommet", "gøre|gør|gjorde|gjort",
    "ønske:a", "mangle:a", "dække:a", "koste:a", "gælde|gælder|gjaldt|gældt",
    "udarbejde:a", "planlægge|planlægger|planlagde|planlagt", "fordele:a", "forankre:a",
    "revidere:a", "justere:a", "samordne:a", "tilpasse:a", "formidle:a", "henvende:b",
    "udvide:a", "afgrænse:a", "beregne:a", "fremme:a", "lede:a", "skønne:b",
    "modtage|modtager|modtog|modtaget", "behøve:a", "kontakte:a",
    "følge op|følger op|fulgte op|fulgt op", "visitere:a", "opgøre|opgør|opgjorde|opgjort",
    NULL,
};

static const char *const da_adjs[] = {
    "ny|nyt|nye", "god|godt|gode", "vigtig", "national", "regional", "stor", "faglig",
    "lokal", "kommunal", "klinisk", "tværfaglig", "medicinsk", "sjælden|sjældent|sjældne",
    "kronisk", "akut|akut|akutte", "alvorlig", "langvarig", "arvelig", "genetisk", "digital",
    "fysisk", "social", "økonomisk", "praktisk", "systematisk",
    "sammenhængende|sammenhængende|sammenhængende", "fælles|fælles|fælles",
    "samlet|samlet|samlede", "aktuel|aktuelt|aktuelle", "relevant|relevant|relevante",
    "tydelig", "skriftlig", "mundtlig", "foreløbig", "endelig", "årlig", "ugentlig",
    "ordinær", "ekstra|ekstra|ekstra", "høj|højt|høje", "lav", "lang|langt|lange",
    "kort|kort|korte", "almindelig", "særlig",
    "specialiseret|specialiseret|specialiserede", "ambulant|ambulant|ambulante", "intensiv",
    "tidlig", "ældre|ældre|ældre", "yngre|yngre|yngre", "voksen|voksent|voksne", "dansk",
    "nordisk", "europæisk", "international", "offentlig", "privat|privat|private",
    "frivillig", "ansvarlig", "psykisk", "somatisk", "varig", "ligeværdig", "forsvarlig",
    "bred|bredt|brede", "egen|eget|egne", "tilgængelig", "nødvendig", "øget|øget|øgede",
    "reduceret|reduceret|reducerede",
    NULL,
};

static const char *const da_advs[] = {
    "også", "fortsat", "derfor", "særligt", "i det væsentlige", "blandt andet", "desuden",
    "imidlertid", "alligevel", "allerede", "foreløbig", "nu", "tidligere", "fremover",
    "efterhånden", "i høj grad", "på sigt", "snarest", "i første omgang", "i praksis",
    "samtidig", "herudover", "som planlagt", "på ny",
    NULL,
};

static const char *const da_preps[] = {
    "i", "for", "til", "på", "med", "af", "om", "fra", "ved", "hos", "efter", "under",
    "over", "mellem", "gennem", "uden", "inden for", "blandt", "mod",
    NULL,
};

static const char *const da_modals[] = { "skal", "bør", "kan", "må", "vil", NULL };

static const char *const da_subjects[] = {
    "arbejdsgruppen", "sekretariatet", "regionerne", "afdelingen", "formanden",
    "næstformanden", "patientrepræsentanten", "Sundhedsstyrelsen", "Danske Regioner",
    "projektgruppen", "flere medlemmer", "et medlem", "klinikken", "regionen", "fagmiljøet",
    "følgegruppen", "kommunerne", "de praktiserende læger", "styregruppen",
    "centret", "ledelsen", "de fire centre", "hospitalerne", "Region Midtjylland",
    "Region Syddanmark",
    NULL,
};

static const char *const da_counted[] = {
    "patienter", "deltagere", "henvisninger", "ansøgninger", "kommuner", "konsultationer",
    "ophold", "kurser", "henvendelser", "årsværk", "medlemmer", "hændelser",
    "indlæggelser", "klinikophold", "studier", "projekter", "familier", "børn", "brugere",
    "tiltag",
    NULL,
};

static const char *const da_numwords[] = {
    "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv", NULL,
};

static const char *const da_sentences[] = {
    "%S %V %N %P.",
    "%S %T, at %N %M %Q %P.",
    "%B har tidligere %A %N, %c.",
    "Det blev %A, at %N %M %Q %a.",
    "I %y %T %S %n %P.",
    "%m orienterede om %N %P.",
    "%m påpegede, at %N %V %N, og at %p %M %Q %P.",
    "Der er behov for %N %P, særligt %P.",
    "%S mente, at %N %a %M %Q %P.",
    "Udgifterne til %N er opgjort til %k.",
    "Andelen %P er steget fra %q til %q.",
    "Der blev spurgt til, om %N %M %Q %P.",
    "Flere medlemmer %T, at %N %P %V %N.",
    "Sagen blev drøftet, og der var enighed om, at %N %M %Q %e.",
    "%S har %A %n %P.",
    "%O har %A %N %P.",
    "Efter en samlet vurdering %V %S, at %N %M %I %N.",
    "%m henviste til %N fra %y, %c.",
    "Det gælder især %p %P.",
    "%S %a %V %N, men %N %V %a %N %P.",
    "Ventetiden for %N er nu %w.",
    "%S foreslog, at %N %Q %P, og at %S %I %N %e.",
    "Ifølge %N %P %V %p %N %a.",
    "%N %P %V %a %N, og %N %M %Q.",
    "%S understregede, at %N %P ikke %M %Q %a.",
    "Der er %A %n %P i %y mod %n året før.",
    "Centret har %a %A %N %P og %V nu %N.",
    "%m spurgte, om %N %M %Q %P.",
    "Det blev præciseret, at %N %V %N %P.",
    "%S %T %N %P, og %N %T %a.",
    "Erfaringerne med %N er %a gode, men %p %V %N.",
    "Budgettet for %z forudsætter %N %P.",
    "Der er ikke %A %N %P %a.",
    "Sagen blev også %A i %B %c.",
    "%S ønsker, at %N %Q %P.",
    "%m, %r, %T %N %P.",
    NULL,
};

static const char *const da_decisions[] = {
    "%B tog orienteringen til efterretning.",
    "%B tog sagen til orientering.",
    "%B støttede forslaget om %N %P.",
    "%B anmoder %S om at %I %N %P %e.",
    "%B godkendte %N som foreslået.",
    "Forslaget blev vedtaget med de ændringer, der fremkom på mødet.",
    "%N sendes i høring hos %p %e.",
    "Sagen genoptages på næste møde.",
    "%B tilsluttede sig %N og anbefaler, at %N %Q %P.",
    "%B godkendte %N for %z.",
    "Sagen udsættes til næste møde.",
    "%B anbefaler, at %N %Q %P, og ønsker en ny status %e.",
    NULL,
};

static const char *const da_proposals[] = {
    "Det indstilles, at %b %V %N %P.",
    "Det indstilles, at %b drøfter %N og tager stilling til %N.",
    "Det indstilles, at %b tager orienteringen til efterretning.",
    "Det indstilles, at %b godkender %N for %z.",
    NULL,
};

static const char *const da_titles[] = {
    "Orientering om %N", "Status for %N", "%C", "Budget %z", "Årsrapport %Y",
    "Evaluering af %N", "Høring over %N", "Nationale retningslinjer for %N",
    "Opfølgning på %N", "Ansøgning om midler til %N", "Rapport fra arbejdsgruppen om %N",
    "Erfaringer med %N", "Udpegning af nye medlemmer", "Mødeplan %z", "Strategi %y–%x",
    "Ventetider %P", "%C og %C", "Økonomiopfølgning %t. kvartal %y",
    "Meddelelser fra formanden", "Revideret kommissorium for %B", "Præsentation af %N",
    "Kvalitetsindikatorer for %N", "Tilbuddet til %p %P", "Temadag %z", "Projekt: %C",
    NULL,
};

static const char *const da_refs[] = {
    "jf. punkt %u på mødet den %l", "(mødet den %s, punkt %u)",
    "som besluttet på mødet den %l", "jf. referatet fra mødet den %s", NULL,
};

static const char *const da_norefs[] = {
    "jf. tidligere drøftelser", "som tidligere omtalt", "jf. referatet fra sidste møde", NULL,
};

static const char *const da_deadlines[] = {
    "inden udgangen af %z", "i løbet af foråret %z", "til næste møde",
    "senest den 1. %o %z", "i løbet af efteråret", "inden sommerferien", NULL,
};

static const char *const da_given[] = {
    "Mette", "Anne", "Lene", "Birgitte", "Hanne", "Susanne", "Pia", "Karen", "Kirsten",
    "Louise", "Camilla", "Signe", "Ida", "Maja", "Lotte", "Dorthe", "Bodil", "Grethe",
    "Tove", "Inger", "Jens", "Lars", "Niels", "Søren", "Peter", "Henrik", "Michael",
    "Thomas", "Mads", "Rasmus", "Jesper", "Anders", "Ole", "Poul", "Bent", "Torben",
    "Kasper", "Mikkel", "Frederik", "Jakob", "Anne-Mette", "Jørgen", "Bjørn", "Åse", NULL,
};

static const char *const da_family[] = {
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Holm", "Kjær",
    "Dalgaard", "Bech", "Lund", "Skov", "Vestergaard", "Bang", "Holst", "Winther",
    "Mikkelsen", "Friis", "Bruun", "Juhl", "Lauridsen", "Damgaard", "Højgaard",
    "Østergaard", "Krogh", "Lykke", "Brøndum", "Ærenlund", NULL,
};

static const char *const da_roles[] = {
    "formand", "sekretariatet", "næstformand", "patientrepræsentant", "overlæge",
    "ledende overlæge", "klinikchef", "chefsygeplejerske", "specialkonsulent",
    "fuldmægtig", "professor", "afdelingslæge", "kvalitetskoordinator", NULL,
};

static const char *const da_orgs[] = {
    "Dansk Selskab for Søvnmedicin (DSSM)",
    "Landsforeningen for Pårørende til Ældre (LPÆ)",
    "Regionernes Fælles Kvalitetsprogram (RFK)",
    "Dansk Register for Lungetransplantation (DRLT)",
    "Foreningen for Børn med Diabetes (FBD)",
    "Nationalt Videncenter for Palliation (NVP)",
    "Dansk Selskab for Almen Medicin (DSAM)",
    "Patientforeningen for Erhvervet Hjerneskade (PEH)",
    NULL,
};

static const char *const da_hospitals[] = {
    "Rigshospitalet", "Aarhus Universitetshospital", "Odense Universitetshospital",
    "Aalborg Universitetshospital", "Sjællands Universitetshospital", "Regionshospitalet Viborg",
    "Hvidovre Hospital", "Sygehus Lillebælt", NULL,
};

static const char *const da_rooms[] = {
    "Mødelokale Skagen", "Mødelokale Limfjorden", "Mødelokale Møns Klint", "Auditorium 2",
    "Mødelokale Fanø", "Mødelokale Lillebælt", "Regionshuset, mødelokale 3", NULL,
};

static const char *const da_kinds[] = {
    "Det Rådgivende Udvalg for", "Styregruppen for", "Arbejdsgruppen for",
    "Følgegruppen for", "Koordinationsgruppen for", NULL,
};

static const char *const da_kind_short[] = {
    "Udvalget", "Styregruppen", "Arbejdsgruppen", "Følgegruppen", "Koordinationsgruppen", NULL,
};

static const char *const da_topics[] = {
    "Lungesygdomme", "Hjertesvigt", "Diabetes hos Børn", "Smertebehandling",
    "Neonatologi", "Reumatologi", "Hudsygdomme", "Øjensygdomme", "Palliation",
    "Geriatri", "Akutmedicin", "Misbrugsbehandling", "Spiseforstyrrelser",
    "Psykoselidelser", "Nyresygdomme", "Blodsygdomme", "Infektionsmedicin", "Ortopædkirurgi",
    "Fødselshjælp", "Børnekirurgi", "Neurorehabilitering", "Arbejdsmedicin", "Ernæring",
    "Klinisk Farmakologi", "Radiologi", "Patologi", "Tandpleje", "Kræft hos Ældre",
    "Sjældne Muskelsygdomme", "Søvnmedicin", "Epilepsi", "Høreapparatbehandling",
    "Allergi og Astma", "Transplantation", "Apopleksi", "Præhospital Indsats",
    "Medicinhåndtering", "Infektionshygiejne", "Voksenhabilitering",
    "Børn og Unges Mentale Sundhed", NULL,
};

static const char *const da_regions[] = {
    "Region Nordjylland", "Region Midtjylland", "Region Syddanmark", "Region Sjælland",
    "Region Hovedstaden", NULL,
};

static const char *const da_months[] = {
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december", NULL,
};

static const char *const da_weekdays[] = {
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", NULL,
};

static const char *const da_eventuelt[] = {
    "Mødeplan for %z: %u møder, heraf ét fysisk møde.",
    "%m orienterede om %N %P.",
    "Næste møde afholdes den %d. %o %y.",
    "Sekretariatet udsender %N %e.",
    NULL,
};


/* ===================== The languages ===================== */

#define LANG(p)                                                                          \
    {                                                                                    \
        #p, p##_nouns, p##_mods, p##_verbs, p##_adjs, p##_advs, p##_preps, p##_modals,   \
            p##_subjects, p##_counted, p##_numwords, p##_sentences, p##_decisions,       \
            p##_proposals, p##_titles, p##_refs, p##_norefs, p##_deadlines, p##_given,   \
            p##_family, p##_roles, p##_orgs, p##_hospitals, p##_rooms, p##_kinds,        \
            p##_kind_short, p##_topics, p##_regions, p##_months, p##_weekdays,           \
            p##_eventuelt                                                                \
    }

const gen_lang_t gen_lang_nb = LANG(nb);
const gen_lang_t gen_lang_da = LANG(da);

/* ===================== Bodies with names of their own ===================== */

const gen_body_def_t gen_bodies[] = {
    { "Styringsgruppen for Nasjonal kompetansetjeneste for sjeldne hudsykdommer (NKSH)",
      "Styringsgruppen", "styringsgruppen-nksh", GEN_NB, 1998, 2026 },
    { "Fagrådet for hjerneslag, Helse Vestfjord HF", "Fagrådet", "fagradet-hjerneslag",
      GEN_NB, 2001, 2026 },
    { "Regionalt fagråd for rusbehandling, Helse Nordkyst RHF", "Fagrådet",
      "fagrad-rusbehandling", GEN_NB, 2004, 2026 },
    { "Brukerutvalget i Helse Midtfjord HF", "Brukerutvalget", "brukerutvalget-midtfjord",
      GEN_NB, 1998, 2026 },
    { "Klinisk etikkomité ved Sykehuset Vestvik", "Etikkomiteen", "etikkomite-vestvik",
      GEN_NB, 2006, 2026 },
    { "Senterrådet for Norsk kompetansesenter for søvnmedisin (NKSM)", "Senterrådet",
      "senterradet-nksm", GEN_NB, 2010, 2026 },
    { "Fagnettverket for barnepalliasjon i Helse Austvik", "Fagnettverket",
      "fagnettverk-barnepalliasjon", GEN_NB, 2015, 2026 },
    { "Samarbeidsutvalget for Helse Nordkyst HF og kommunene", "Samarbeidsutvalget",
      "samarbeidsutvalget-nordkyst", GEN_NB, 2012, 2026 },
    { "Fagrådet for persontilpasset medisin, Helse Austvik RHF", "Fagrådet",
      "fagradet-persontilpasset-medisin", GEN_NB, 2017, 2026 },
    { "Styringsgruppen for Norsk kvalitetsregister for kronisk utmattelse (NORKU)",
      "Styringsgruppen", "styringsgruppen-norku", GEN_NB, 2008, 2026 },
    { "Ungdomsrådet ved Sykehuset Østre Lia", "Ungdomsrådet", "ungdomsradet-ostre-lia",
      GEN_NB, 2011, 2026 },
    { "Regionalt fagråd for kreftomsorg, Helse Nordkyst RHF", "Fagrådet",
      "fagrad-kreftomsorg", GEN_NB, 1998, 2026 },
    { "Arbeidsutvalget for samhandling om eldre, Helse Midtfjord HF", "Arbeidsutvalget",
      "arbeidsutvalget-eldre", GEN_NB, 2003, 2019 },
    { "Det Rådgivende Udvalg for Palliation", "Udvalget", "udvalg-palliation", GEN_DA, 1998,
      2026 },
    { "Koordinationsudvalget for Lungetransplantation", "Koordinationsudvalget",
      "koordinationsudvalg-lungetransplantation", GEN_DA, 2002, 2026 },
    { "Styregruppen for Nationalt Forum for Søvnmedicin (NFS)", "Styregruppen",
      "styregruppe-nfs", GEN_DA, 2009, 2026 },
    { "Det Rådgivende Udvalg for Rehabilitering efter Erhvervet Hjerneskade", "Udvalget",
      "udvalg-hjerneskade", GEN_DA, 2000, 2026 },
    { "Følgegruppen for Kræftforløb hos Ældre", "Følgegruppen", "folgegruppe-kraeft-aeldre",
      GEN_DA, 2008, 2026 },
    { "Arbejdsgruppen for Antibiotikaforbrug i Almen Praksis", "Arbejdsgruppen",
      "arbejdsgruppe-antibiotika", GEN_DA, 2012, 2024 },
    { "Koordinationsgruppen for Screening af Nyfødte", "Koordinationsgruppen",
      "koordinationsgruppe-nyfodte", GEN_DA, 1998, 2026 },
    { "Fagligt Råd for Diabetes hos Børn og Unge", "Rådet", "fagligt-rad-diabetes-born",
      GEN_DA, 2005, 2026 },
    { "Det Rådgivende Udvalg for Psykiatrisk Specialeplanlægning", "Udvalget",
      "udvalg-psykiatri", GEN_DA, 1999, 2026 },
    { NULL, NULL, NULL, 0, 0, 0 },
};
