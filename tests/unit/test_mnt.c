/* test_mnt.c - the minutes parser: dates, body, attendees, agenda list,
 * items and their sections, pages, look-ups, odd input, and every file
 * of the sample corpus.  The snippets are written for these tests. */
#include "minutes/mnt.h"
#include "tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static mnt_minutes_t *parse(const char *s, const char *fn)
{
    mnt_minutes_t *m = mnt_parse(s, strlen(s), fn);
    CHECK(m != NULL);
    return m;
}

static size_t off(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    return p ? (size_t)(p - text) : (size_t)-1;
}

/* ---- dates ---- */

static const struct {
    const char *text, *filename;
    int y, m, d, ff;
} date_cases[] = {
    { "Referat\nDato møte: onsdag 15.11.23 kl.13:00\n", NULL, 2023, 11, 15, 0 },
    { " Noe - referat\nDato mgte: onsdag 17.03.21 k1.10:00-12:00\n", NULL, 2021, 3, 17, 0 },
    { "Dato m@te: 02.09.2019\n", NULL, 2019, 9, 2, 0 },
    { " R E F E R A T \n\nMødedato Den 24. oktober 2024 kl.13 – 16 \n\n", NULL, 2024, 10, 24, 0 },
    { "Mgdedato: 5. december 2024\n", NULL, 2024, 12, 5, 0 },
    { "Møtedato:\n3. jan. 2022\n", NULL, 2022, 1, 3, 0 },
    { "Møtet ble holdt 24.10.2024 i Bergen.\n", NULL, 2024, 10, 24, 0 },
    { "Holdt 24. okt. 2024.\n", NULL, 2024, 10, 24, 0 },
    { "Holdt 2024-10-24.\n", NULL, 2024, 10, 24, 0 },
    { "Den 1. februar 2021\n", NULL, 2021, 2, 1, 0 },
    { "Den 12. mars 2020\n", NULL, 2020, 3, 12, 0 },
    { "Den 2. marts 2021\n", NULL, 2021, 3, 2, 0 },
    { "Den 7. april 2022\n", NULL, 2022, 4, 7, 0 },
    { "Den 9. mai 2023\n", NULL, 2023, 5, 9, 0 },
    { "Den 9. maj 2023\n", NULL, 2023, 5, 9, 0 },
    { "Den 10. juni 2024\n", NULL, 2024, 6, 10, 0 },
    { "Den 11. juli 2024\n", NULL, 2024, 7, 11, 0 },
    { "Den 12. august 2024\n", NULL, 2024, 8, 12, 0 },
    { "Den 13. september 2024\n", NULL, 2024, 9, 13, 0 },
    { "Den 14. november 2024\n", NULL, 2024, 11, 14, 0 },
    { "Den 15. desember 2024\n", NULL, 2024, 12, 15, 0 },
    { "Den 16. december 2024\n", NULL, 2024, 12, 16, 0 },
    { "Den 17. Januar 2025\n", NULL, 2025, 1, 17, 0 },
    /* The labelled date wins over an earlier date in the text. */
    { "Referat fra møtet 10.06.20 er godkjent\nDato møte: 04.11.20\n", NULL, 2020, 11, 4, 0 },
    /* The text wins over the file name. */
    { "Dato: 08.06.22\n", "2023-06-02-referat.txt", 2022, 6, 8, 0 },
    /* Invalid dates are not dates. */
    { "Dato: 32.13.2024 og 31.12.1850\n", NULL, 0, 0, 0, 0 },
    { "Ingen dato her.\n", "referat-20230602.pdf", 2023, 6, 2, 1 },
    { "Ingen dato her.\n", "/arkiv/2019/2023-06-02-referat.txt", 2023, 6, 2, 1 },
    { "Ingen dato her.\n", "mote_2023_06_02.txt", 2023, 6, 2, 1 },
    { "Ingen dato her.\n", "x20230602y.txt", 2023, 6, 2, 1 },
    { "Ingen dato her.\n", "referat-99999999.pdf", 0, 0, 0, 0 },
    { "Ingen dato her.\n", "referat-202306021.pdf", 0, 0, 0, 0 },
    { "Ingen dato her.\n", NULL, 0, 0, 0, 0 },
    { "Sak 12/2020 er ingen dato.\n", NULL, 0, 0, 0, 0 },
};

TEST(dates_in_text_and_file_names)
{
    for (size_t i = 0; i < sizeof date_cases / sizeof date_cases[0]; i++) {
        mnt_minutes_t *m = parse(date_cases[i].text, date_cases[i].filename);
        if (!m)
            continue;
        if (m->date.year != date_cases[i].y || m->date.month != date_cases[i].m ||
            m->date.day != date_cases[i].d || m->date.from_filename != date_cases[i].ff) {
            printf("#   case %zu: got %d-%d-%d/%d\n", i, m->date.year, m->date.month, m->date.day,
                   m->date.from_filename);
            CHECK(0);
        }
        mnt_free(m);
    }
}

/* ---- body ---- */

static const struct {
    const char *text, *body;
} body_cases[] = {
    { " Senterrådet for NMK - referat\nMøtetema: Senterrådsmøte for NMK\n", "Senterrådet for NMK" },
    { "Fagrddet for sjeldne tilstander - referat\n", "Fagrddet for sjeldne tilstander" },
    { "Referat fra møte i Fagrådet for sjeldne tilstander\nDato: 01.02.2023\n",
      "Fagrådet for sjeldne tilstander" },
    { "Referat\n\nMøtetema: Styringsgruppemøte,  Nasjonal tjeneste for X (NTX)\n",
      "Styringsgruppemøte, Nasjonal tjeneste for X (NTX)" },
    { "Referat\nMgtetema: Fagradsmgte, Helse Vest\n", "Fagradsmgte, Helse Vest" },
    { "Styringsgruppemøte, Nasjonal tjeneste for Y (NTY)\nDato møte: 01.02.23\n",
      "Styringsgruppemøte, Nasjonal tjeneste for Y (NTY)" },
    { " R E F E R A T  \n\nEmne 79. møde i Det Rådgivende Udvalg for \n\nPlanlægning \n\n"
      "Mødedato Den 24. oktober 2024 kl.13 \n\nSted Et sted \n\n",
      "Det Rådgivende Udvalg for Planlægning" },
    { "R E F E R A T\nEmne: 11. møde i Styregruppen for Et Forum (EF)\nMødedato: Den 5. maj 2024\n",
      "Styregruppen for Et Forum (EF)" },
    { " R E F E R A T \n\nEmne 4. møde i Udvalget for Neuromodula- \n\ntion \n\nMødedato Den 1. maj 2023 \n\n",
      "Udvalget for Neuromodulation" },
    { "Bare tekst uten overskrift.\n", "" },
};

TEST(body_nb_da_and_pdf_style)
{
    for (size_t i = 0; i < sizeof body_cases / sizeof body_cases[0]; i++) {
        mnt_minutes_t *m = parse(body_cases[i].text, NULL);
        if (m)
            CHECK_STR(m->body, body_cases[i].body);
        mnt_free(m);
    }
}

/* ---- attendees ---- */

TEST(attendees_wrapped_with_roles_and_absentees)
{
    const char *t = "Referat\nDato møte: 01.02.23\n"
                    "- Tilstede: Kari Nordmann (leder, Helse Nord), Ola Hansen (sekretær),\n"
                    "Per Olsen (Frambu), Liv Berg (brukerrepresentant,\n"
                    "Foreningen)\n"
                    "\n"
                    "Meldt forfall: Anne Lie (Helse Vest), Jon Dahl\n"
                    "\n"
                    "Dagsorden\nSak 1/2023 Godkjenning\nSak 2/2023 Eventuelt\n\n"
                    "Sak 1/2023 Godkjenning\nVedtak: Godkjent.\nSak 2/2023 Eventuelt\nIngen saker.\n";
    mnt_minutes_t *m = parse(t, NULL);
    CHECK(m->nattendees == 4);
    if (m->nattendees == 4) {
        CHECK_STR(m->attendees[0], "Kari Nordmann (leder, Helse Nord)");
        CHECK_STR(m->attendees[1], "Ola Hansen (sekretær)");
        CHECK_STR(m->attendees[2], "Per Olsen (Frambu)");
        CHECK_STR(m->attendees[3], "Liv Berg (brukerrepresentant, Foreningen)");
    }
    CHECK(m->nabsentees == 2);
    if (m->nabsentees == 2) {
        CHECK_STR(m->absentees[0], "Anne Lie (Helse Vest)");
        CHECK_STR(m->absentees[1], "Jon Dahl");
    }
    mnt_free(m);

    m = parse("Referat\nTil stede: A. Berg, B. Dal\nMeldt forfall: ingen\n", NULL);
    CHECK(m->nattendees == 2 && m->nabsentees == 0);
    mnt_free(m);

    /* Danish, PDF style: the list wraps and stops at the next label. */
    m = parse(" R E F E R A T \n\nEmne 3. møde i Udvalget \n\nDeltagere Karen Lund (formand), Bo \n\n"
              "Holm (Region Syd), Eva Ravn \n\nAfbud Ib Sand (sekretariatet) \n\n"
              "Referent Ida Mø \n\n",
              NULL);
    CHECK(m->nattendees == 3);
    if (m->nattendees == 3) {
        CHECK_STR(m->attendees[0], "Karen Lund (formand)");
        CHECK_STR(m->attendees[1], "Bo Holm (Region Syd)");
        CHECK_STR(m->attendees[2], "Eva Ravn");
    }
    CHECK(m->nabsentees == 1);
    if (m->nabsentees == 1)
        CHECK_STR(m->absentees[0], "Ib Sand (sekretariatet)");
    mnt_free(m);
}

/* ---- agenda and items ---- */

static const char nb_text[] =
    " Fagrådet for noe - referat\n"
    "Dato mgte: onsdag 25.10.23 k1.13:00\n"
    "\n"
    "Dagsorden\n"
    "Sak 22/2023 Godkjenning av innkalling\n"
    "Sak 23/2023 @konomi og budsjett 2024\n"
    "Sak 24 /2023 Ny ordning for hospitering\n"
    "sak11/2024 Eventuelt\n"
    "\n"
    "Sak 22/2023 Godkjenning av innkalling\n"
    "\n"
    "Vedtak: Godkjent. Se sak 7/2022, og\n"
    "sak 9/2022 om samme tema.\n"
    "\n"
    "Okonomi og budsjett 2024\n"
    "\n"
    "Bakgrunn:\n"
    "Budsjettet viser et underskudd.\n"
    "\n"
    "Vedtak: Budsjettet vedtas.\n"
    "\n"
    "Sak 24 /2023 Ny ordning for hospitering\n"
    "\n"
    "- Bakgrunn:\n"
    "Ordningen foreslås.\n"
    "Fremlegg v/Kari Nordmann\n"
    "Hun la frem saken.\n"
    "Innspill til saken: Flere var positive.\n"
    "Vedtak:\n"
    "Ordningen innføres.\n"
    "\n"
    "sak11/2024 Eventuelt\n"
    "Ingen saker.\n";

TEST(nb_agenda_list_is_not_items_and_links_by_title)
{
    mnt_minutes_t *m = parse(nb_text, NULL);
    CHECK(m->agenda_start == off(nb_text, "Dagsorden"));
    CHECK(m->agenda_end == off(nb_text, "sak11/2024 Eventuelt\n\n") + strlen("sak11/2024 Eventuelt"));
    CHECK(m->nitems == 4);
    if (m->nitems == 4) {
        CHECK_STR(m->items[0].case_no, "22/2023");
        CHECK(m->items[0].number == 22);
        CHECK_STR(m->items[0].title, "Godkjenning av innkalling");
        CHECK(m->items[0].start == off(nb_text, "Sak 22/2023 Godkjenning av innkalling\n\nVedtak"));
        CHECK(m->items[0].end == m->items[1].start);
        /* The heading that lost its number gets it from the agenda list. */
        CHECK_STR(m->items[1].case_no, "23/2023");
        CHECK(m->items[1].number == 23);
        CHECK_STR(m->items[1].title, "Okonomi og budsjett 2024");
        CHECK(m->items[1].start == off(nb_text, "Okonomi og"));
        CHECK_STR(m->items[2].case_no, "24/2023");
        CHECK(m->items[2].number == 24);
        CHECK_STR(m->items[2].title, "Ny ordning for hospitering");
        CHECK(m->items[2].title_start == off(nb_text, "Ny ordning for hospitering\n\n- Bak"));
        CHECK(m->items[2].title_end == m->items[2].title_start + strlen("Ny ordning for hospitering"));
        CHECK_STR(m->items[3].case_no, "11/2024");
        CHECK(m->items[3].number == 11);
        CHECK_STR(m->items[3].title, "Eventuelt");
        CHECK(m->items[3].end == strlen(nb_text));
        /* "sak 9/2022 om ..." starts a wrapped line but is prose. */
        CHECK(m->items[0].nsections == 1);
    }
    mnt_free(m);
}

TEST(nb_two_digit_case_year)
{
    const char *t = "Sak 3/23 Budsjett\nBakgrunn:\nTekst.\nSak 4/23: Eventuelt\nTekst.\n";
    mnt_minutes_t *m = parse(t, NULL);
    CHECK(m->nitems == 2 && m->agenda_end == 0);
    if (m->nitems == 2) {
        CHECK_STR(m->items[0].case_no, "3/2023");
        CHECK_STR(m->items[1].case_no, "4/2023");
        CHECK_STR(m->items[1].title, "Eventuelt");
    }
    mnt_free(m);
}

/* Two-digit years from before 2000 belong to the 1900s: an archive of
 * 1998 minutes written "12.01.98" and "Sak 1/98" (schema.h). */
TEST(two_digit_years_before_2000)
{
    mnt_minutes_t *m = parse("Referat fra styremøte\nDato: 12.01.98\n\nSak 1/98 Budsjett\nTekst.\n"
                             "Sak 2/98 Eventuelt\nTekst.\n", NULL);
    CHECK(m->date.year == 1998 && m->date.month == 1 && m->date.day == 12);
    CHECK(m->nitems == 2);
    if (m->nitems == 2)
        CHECK_STR(m->items[0].case_no, "1/1998");
    mnt_free(m);
    m = parse("Referat\nDato: 03.02.05\n\nSak 7/05 Tema\nTekst.\n", NULL);
    CHECK(m->date.year == 2005);
    CHECK(m->nitems == 1);
    if (m->nitems == 1)
        CHECK_STR(m->items[0].case_no, "7/2005");
    mnt_free(m);
}

/* When OCR spoils the meeting's own date, the date of the previous
 * meeting in the agenda ("Godkendelse af referat fra mødet den ...") must
 * not take its place: the file name's date does. */
TEST(previous_meeting_date_is_not_the_date)
{
    const char *t = "Referat af møde den 25. apri1 2023\n\nDagsorden\n"
                    "1. Godkendelse af referat fra mødet den 5. april 2022\n"
                    "2. Orientering\n\n1) Godkendelse af referat\nGodkendt.\n";
    mnt_minutes_t *m = parse(t, "arkiv/2023-04-25-referat.txt");
    CHECK(m->date.year == 2023 && m->date.month == 4 && m->date.day == 25 && m->date.from_filename);
    mnt_free(m);
    m = parse("Referat fra styremøte\nSak 1/2021 Godkjenning av referat fra møtet 3. mars 2021\n", NULL);
    CHECK(m->date.year == 0);
    mnt_free(m);
    /* The meeting's own date still wins. */
    m = parse("Referat af møde den 25. april 2023\n\n1. Godkendelse af referat fra mødet den "
              "5. april 2022\n", "2023-04-26-referat.txt");
    CHECK(m->date.year == 2023 && m->date.day == 25 && !m->date.from_filename);
    mnt_free(m);
}

/* Headings read the case number as the analyzer and the query do
 * (lib/casenum.h): every spelling gives one canonical case number. */
TEST(case_number_spellings_in_headings)
{
    mnt_minutes_t *m = parse("Referat\n\nSak 17-2023 Budsjett\nTekst.\n"
                             "Saksnr. 2023/18 Hospitering\nTekst.\n"
                             "Sak nr. 19 2023: Eventuelt\nTekst.\n"
                             "Sak 20 /23 Valg\nTekst.\n", NULL);
    CHECK(m->nitems == 4);
    if (m->nitems == 4) {
        CHECK_STR(m->items[0].case_no, "17/2023");
        CHECK_STR(m->items[0].title, "Budsjett");
        CHECK_STR(m->items[1].case_no, "18/2023");
        CHECK_STR(m->items[2].case_no, "19/2023");
        CHECK_STR(m->items[2].title, "Eventuelt");
        CHECK_STR(m->items[3].case_no, "20/2023");
    }
    mnt_free(m);
}

/* Danish numbered items have no case number: the meeting's date and the
 * item's number name them; without a full date they have no name. */
TEST(numbered_items_are_named_by_their_meeting)
{
    const char *t = "Referat\nDato: 14. september 2023\n\n1) Godkendelse\nGodkendt.\n\n"
                    "3) Kapacitet og ventetid\nSagsfremstilling\nVentetiden er lang.\n";
    mnt_minutes_t *m = parse(t, NULL);
    CHECK(m->nitems == 2);
    if (m->nitems == 2) {
        CHECK_STR(m->items[0].case_no, "2023-09-14/1");
        CHECK_STR(m->items[1].case_no, "2023-09-14/3");
    }
    mnt_free(m);
    m = parse(t + strlen("Referat\nDato: 14. september 2023\n"), NULL);
    CHECK(m->nitems == 2 && m->items[1].case_no[0] == '\0');
    mnt_free(m);
}

/* Heading forms the generator's archive showed unparsed: "Sak nr.",
 * Danish "Sag", and "Punkt 3:" items under a "1." agenda. */
TEST(more_heading_forms)
{
    mnt_minutes_t *m = parse("Referat\n\nSak nr. 12/2024 Budsjett\nTekst om budsjettet.\n"
                             "Sak nr 13/2024: Eventuelt\nIngen saker.\n", NULL);
    CHECK(m->nitems == 2);
    if (m->nitems == 2) {
        CHECK_STR(m->items[0].case_no, "12/2024");
        CHECK_STR(m->items[0].title, "Budsjett");
        CHECK_STR(m->items[1].case_no, "13/2024");
    }
    mnt_free(m);
    m = parse("Referat\n\nSag 4/2023 Økonomi\nUdvalget drøftede økonomien.\n", NULL);
    CHECK(m->nitems == 1);
    if (m->nitems == 1)
        CHECK_STR(m->items[0].case_no, "4/2023");
    mnt_free(m);
    m = parse("Dagsorden\n1. Velkomst\n2. Økonomi\n\nPunkt 1: Velkomst\nFormanden bød velkommen.\n"
              "Punkt 2: Økonomi\nPunkt 2 blev drøftet grundigt.\n", NULL);
    CHECK(m->nitems == 2);
    if (m->nitems == 2) {
        CHECK(m->items[0].number == 1 && m->items[1].number == 2);
        CHECK_STR(m->items[1].title, "Økonomi");
    }
    mnt_free(m);
}

static const char da_pdf[] =
    " R E F E R A T  \n\n"
    "Emne 5. møde i Udvalget for Noget \n\n"
    "Mødedato Den 3. maj 2022 kl. 13 \n\n"
    "1. Godkendelse af dagsorden \n\n"
    "2. Orientering fra formanden \n\n"
    "a. Mundtlig orientering \n\n"
    "3. Status for et projekt med en lang titel der ombrydes på \n\n"
    "næste linje \n\n"
    "Bilag \n\n"
    "Bilag 1 2022 Notat \n\n"
    "1) Godkendelse af dagsorden \n\n"
    "Dagsordenen blev godkendt. \n\n"
    " 2) Orientering fra formanden \n\n"
    "Referat \n\n"
    "Formanden orienterede. Det skete 1. juli \n\n"
    "3. januar 2023 blev nævnt. \n\n"
    "3) Status for et projekt med en lang titel der ombrydes på \n\n"
    "Sagsfremstilling \n\n"
    "Projektet er i gang. \n\n"
    "Indstilling \n\n"
    "Det indstilles, at udvalget drøfter sagen. \n\n"
    "\f Beslutning \n\n"
    "Udvalget tog status til efterretning. \n\n";

TEST(da_paren_items_after_dot_agenda)
{
    mnt_minutes_t *m = parse(da_pdf, NULL);
    CHECK_STR(m->body, "Udvalget for Noget");
    CHECK(m->date.year == 2022 && m->date.month == 5 && m->date.day == 3);
    CHECK(m->agenda_start == off(da_pdf, "1. Godkendelse"));
    CHECK(m->agenda_end == off(da_pdf, "3. Status") + strlen("3. Status for et projekt med en lang titel der ombrydes på"));
    CHECK(m->nitems == 3);
    if (m->nitems == 3) {
        /* No case number: named by the meeting's date (casenum.h). */
        CHECK(m->items[0].number == 1);
        CHECK_STR(m->items[0].case_no, "2022-05-03/1");
        CHECK(m->items[1].number == 2);
        CHECK_STR(m->items[1].title, "Orientering fra formanden");
        CHECK(m->items[2].number == 3);
        CHECK(m->items[1].nsections == 1 && m->items[1].sections[0].kind == MNT_SEC_REFERAT);
        CHECK(m->items[2].nsections == 3);
        if (m->items[2].nsections == 3) {
            CHECK(m->items[2].sections[0].kind == MNT_SEC_SAGSFREMSTILLING);
            CHECK(m->items[2].sections[1].kind == MNT_SEC_INDSTILLING);
            CHECK(m->items[2].sections[2].kind == MNT_SEC_BESLUTNING);
            CHECK(m->items[2].sections[2].end == strlen(da_pdf));
        }
    }
    CHECK(m->npages == 2);
    CHECK(mnt_page_at(m, off(da_pdf, " Beslutning")) == 2);
    CHECK(mnt_page_at(m, off(da_pdf, "\f")) == 1);
    mnt_free(m);
}

TEST(sub_items_lettered_and_numbered)
{
    const char *da =
        "Dagsorden\n1. Godkendelse\n2. Orienteringer\na. Mundtlige orienteringer\n"
        "b. Status for netværket\n3. Eventuelt\n\n"
        "1) Godkendelse\nDagsordenen blev godkendt.\n\n"
        "2) Orienteringer\n\na. Mundtlige orienteringer\nFormanden orienterede kort.\n\n"
        "b) Status for netværket\nNetværket har holdt fem møder.\n"
        "d. Ikke i sin tur: en linje der begynder med et bogstav\n"
        "e. m. ugyldig\n\n"
        "3) Eventuelt\nIntet.\n";
    mnt_minutes_t *m = parse(da, NULL);
    CHECK(m->nitems == 3);
    if (m->nitems == 3) {
        const mnt_item_t *it = &m->items[1];
        CHECK(m->items[0].nsubitems == 0 && m->items[2].nsubitems == 0);
        CHECK(it->nsubitems == 2);
        if (it->nsubitems == 2) {
            CHECK_STR(it->subitems[0].title, "a. Mundtlige orienteringer");
            CHECK_STR(it->subitems[1].title, "b) Status for netværket");
            CHECK(it->subitems[0].start == off(da, "a. Mundtlige orienteringer\nFormanden"));
            CHECK(it->subitems[0].title_start == it->subitems[0].start);
            CHECK(it->subitems[0].end == it->subitems[1].start);
            CHECK(it->subitems[1].end == it->end);
            CHECK(mnt_subitem_at(it, off(da, "Netværket har")) == &it->subitems[1]);
            CHECK(mnt_subitem_at(it, off(da, "2) Orienteringer")) == NULL);
        }
    }
    mnt_free(m);
    const char *nb = "Sak 5/2024 Budsjett\nStyret drøftet budsjettet.\n5.1 Driftsbudsjett\nTekst.\n"
                     "5.2. Investeringer\nTekst.\n4.3 Feil nummer\n5.3 mill. kroner ble brukt\n"
                     "Vedtak:\na) Styret godkjenner budsjettet.\nb) Saken sendes til direktøren,\n";
    m = parse(nb, NULL);
    CHECK(m->nitems == 1 && m->items[0].nsubitems == 2);
    if (m->nitems == 1 && m->items[0].nsubitems == 2)
        CHECK_STR(m->items[0].subitems[1].title, "5.2. Investeringer");
    mnt_free(m);
}

TEST(da_dot_items_with_dot_agenda)
{
    const char *t = "Dagsorden\n1. Godkendelse af dagsorden\n2. Budget 2025\n3. Eventuelt\n\n"
                    "1. Godkendelse af dagsorden\nBeslutning: Godkendt.\n"
                    "2. Budget 2025\nSagsfremstilling\nBudgettet er stramt.\n"
                    "Beslutning Budgettet blev godkendt.\n"
                    "3. Eventuelt\nIntet.\n";
    mnt_minutes_t *m = parse(t, NULL);
    CHECK(m->nitems == 3);
    CHECK(m->agenda_start == 0 && m->agenda_end == off(t, "\n\n1.") );
    if (m->nitems == 3) {
        CHECK(m->items[0].start == off(t, "1. Godkendelse af dagsorden\nBes"));
        CHECK(m->items[1].number == 2 && m->items[1].nsections == 2);
        CHECK_STR(m->items[1].title, "Budget 2025");
        if (m->items[1].nsections == 2)
            CHECK(m->items[1].sections[1].kind == MNT_SEC_BESLUTNING);
    }
    mnt_free(m);
}

TEST(agenda_tail_heading_followed_by_text_is_an_item)
{
    /* A list whose last entry is already the first item's heading. */
    const char *t = "Dagsorden\nSak 18/2023 Godkjenning\nSak 19/2023 Årsrapport\n"
                    "- Bakgrunn:\nTekst om rapporten.\nVedtak: Tatt til orientering.\n"
                    "Sak 20/2023 Eventuelt\nIngenting.\n";
    mnt_minutes_t *m = parse(t, NULL);
    CHECK(m->nitems == 2);
    if (m->nitems == 2) {
        CHECK_STR(m->items[0].case_no, "19/2023");
        CHECK(m->items[0].nsections == 2);
    }
    CHECK(m->agenda_end == off(t, "\nSak 19"));
    mnt_free(m);
}

TEST(unnumbered_heading_without_agenda_entry_is_an_item)
{
    const char *t = "Sak 1/2023 Årsrapport\n\nBakgrunn:\nTekst.\n\nVedtak: Tatt til orientering.\n\n"
                    "Virksomhetsplan for 2024\n\nBakgrunn:\nPlanen.\n\nVedtak: Godkjent.\n\n"
                    "Sak 4/2023 Eventuelt\nIngenting.\n";
    mnt_minutes_t *m = parse(t, NULL);
    CHECK(m->nitems == 3);
    if (m->nitems == 3) {
        CHECK(m->items[1].number == 0 && m->items[1].case_no[0] == '\0');
        CHECK_STR(m->items[1].title, "Virksomhetsplan for 2024");
        CHECK(m->items[0].end == off(t, "Virksomhetsplan"));
        CHECK(m->items[1].nsections == 2);
    }
    mnt_free(m);
}

TEST(da_dot_heading_is_not_a_wrapped_date)
{
    const char *t = "1. Godkendelse\nBeslutning\nGodkendt den\n1. Juli 2023 blev nævnt.\n"
                    "14. september 2023 ligeså.\n2. Eventuelt\nIntet.\n";
    mnt_minutes_t *m = parse(t, NULL);
    CHECK(m->nitems == 2 && m->agenda_end == 0);
    if (m->nitems == 2)
        CHECK(m->items[1].number == 2);
    mnt_free(m);
}

/* ---- sections ---- */

static const struct {
    const char *line;
    mnt_section_kind_t kind;
} label_cases[] = {
    { "Bakgrunn:", MNT_SEC_BAKGRUNN },
    { "- Bakgrunn:", MNT_SEC_BAKGRUNN },
    { "• Bakgrunn", MNT_SEC_BAKGRUNN },
    { "BAKGRUNN :", MNT_SEC_BAKGRUNN },
    { "Bakgrunn: Saken gjelder X.", MNT_SEC_BAKGRUNN },
    { "Bakgrunn for saken er at", MNT_SEC_NONE },
    { "Innspill til saken:", MNT_SEC_INNSPILL },
    { "- Innspill til saken: Flere mente", MNT_SEC_INNSPILL },
    { "Fremlegg", MNT_SEC_FREMLEGG },
    { "Fremlegg v/Kari Nordmann", MNT_SEC_FREMLEGG },
    { "Fremlegg ved Kari Nordmann", MNT_SEC_FREMLEGG },
    { "Vedtak:", MNT_SEC_VEDTAK },
    { "Vedtak: Godkjent.", MNT_SEC_VEDTAK },
    { "vedtak: godkjent", MNT_SEC_VEDTAK },
    { "Vedtaket ble", MNT_SEC_NONE },
    { "Sagsfremstilling", MNT_SEC_SAGSFREMSTILLING },
    { "Indstilling", MNT_SEC_INDSTILLING },
    { "Indstilling: Det indstilles", MNT_SEC_INDSTILLING },
    { "Referat", MNT_SEC_REFERAT },
    { "Referat Udvalget drøftede", MNT_SEC_REFERAT },
    { "Referat fra forrige møte ble godkjent", MNT_SEC_NONE },
    { "Referatet blev godkendt", MNT_SEC_NONE },
    { "Beslutning", MNT_SEC_BESLUTNING },
    { "Beslutning Dagsordenen blev godkendt.", MNT_SEC_BESLUTNING },
};

TEST(section_labels)
{
    for (size_t i = 0; i < sizeof label_cases / sizeof label_cases[0]; i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "Sak 1/2023 Test\nTekst.\n%s\nMer tekst.\n", label_cases[i].line);
        mnt_minutes_t *m = parse(buf, NULL);
        mnt_section_kind_t got = mnt_section_at(m, off(buf, label_cases[i].line));
        if (got != label_cases[i].kind) {
            printf("#   \"%s\": got %s\n", label_cases[i].line, mnt_section_name(got));
            CHECK(0);
        }
        mnt_free(m);
    }
}

TEST(section_names_and_decisions)
{
    CHECK_STR(mnt_section_name(MNT_SEC_NONE), "");
    CHECK_STR(mnt_section_name(MNT_SEC_BAKGRUNN), "bakgrunn");
    CHECK_STR(mnt_section_name(MNT_SEC_INNSPILL), "innspill");
    CHECK_STR(mnt_section_name(MNT_SEC_FREMLEGG), "fremlegg");
    CHECK_STR(mnt_section_name(MNT_SEC_VEDTAK), "vedtak");
    CHECK_STR(mnt_section_name(MNT_SEC_SAGSFREMSTILLING), "sagsfremstilling");
    CHECK_STR(mnt_section_name(MNT_SEC_INDSTILLING), "indstilling");
    CHECK_STR(mnt_section_name(MNT_SEC_REFERAT), "referat");
    CHECK_STR(mnt_section_name(MNT_SEC_BESLUTNING), "beslutning");
    CHECK_STR(mnt_section_name(MNT_SEC_COUNT), "");
    CHECK_STR(mnt_section_name((mnt_section_kind_t)-1), "");
    CHECK(mnt_section_is_decision(MNT_SEC_VEDTAK));
    CHECK(mnt_section_is_decision(MNT_SEC_REFERAT));
    CHECK(mnt_section_is_decision(MNT_SEC_BESLUTNING));
    CHECK(!mnt_section_is_decision(MNT_SEC_BAKGRUNN));
    CHECK(!mnt_section_is_decision(MNT_SEC_INDSTILLING));
    CHECK(!mnt_section_is_decision(MNT_SEC_NONE));
}

TEST(sections_span_to_next_label_and_item_end)
{
    mnt_minutes_t *m = parse(nb_text, NULL);
    const mnt_item_t *it = mnt_item_at(m, off(nb_text, "Ordningen foreslås"));
    CHECK(it != NULL);
    if (it) {
        CHECK(it->nsections == 4);
        if (it->nsections == 4) {
            CHECK(it->sections[0].kind == MNT_SEC_BAKGRUNN);
            CHECK(it->sections[0].start == off(nb_text, "- Bakgrunn:\nOrd"));
            CHECK(it->sections[0].end == off(nb_text, "Fremlegg v/"));
            CHECK(it->sections[1].kind == MNT_SEC_FREMLEGG);
            CHECK(it->sections[2].kind == MNT_SEC_INNSPILL);
            CHECK(it->sections[3].kind == MNT_SEC_VEDTAK);
            CHECK(it->sections[3].end == it->end);
        }
    }
    CHECK(mnt_section_at(m, off(nb_text, "Hun la frem")) == MNT_SEC_FREMLEGG);
    CHECK(mnt_section_at(m, off(nb_text, "Ordningen innføres")) == MNT_SEC_VEDTAK);
    /* The heading line, before the first label, is in no section. */
    CHECK(mnt_section_at(m, off(nb_text, "Sak 24 /2023 Ny ordning for hospitering\n\n-")) == MNT_SEC_NONE);
    CHECK(mnt_section_at(m, 0) == MNT_SEC_NONE);
    CHECK(mnt_section_at(NULL, 0) == MNT_SEC_NONE);
    mnt_free(m);
}

/* ---- pages and look-ups ---- */

TEST(pages_from_form_feeds)
{
    const char *t = "a\fbb\f\fc";
    mnt_minutes_t *m = parse(t, NULL);
    CHECK(m->npages == 4);
    if (m->npages == 4) {
        CHECK(m->page_starts[0] == 0 && m->page_starts[1] == 2 && m->page_starts[2] == 5 &&
              m->page_starts[3] == 6);
    }
    CHECK(mnt_page_at(m, 0) == 1);
    CHECK(mnt_page_at(m, 1) == 1); /* the form feed ends its page */
    CHECK(mnt_page_at(m, 2) == 2);
    CHECK(mnt_page_at(m, 4) == 2);
    CHECK(mnt_page_at(m, 5) == 3);
    CHECK(mnt_page_at(m, 6) == 4);
    CHECK(mnt_page_at(m, 1000) == 4);
    mnt_free(m);
    m = parse("uten sideskift", NULL);
    CHECK(m->npages == 1 && m->page_starts[0] == 0 && mnt_page_at(m, 5) == 1);
    mnt_free(m);
    /* pdftotext ends with a form feed; it opens no empty page. */
    m = parse("side en\fside to\f", NULL);
    CHECK(m->npages == 2);
    mnt_free(m);
    CHECK(mnt_page_at(NULL, 3) == 1);
}

TEST(item_lookup_at_boundaries)
{
    mnt_minutes_t *m = parse(nb_text, NULL);
    CHECK(m->nitems == 4);
    if (m->nitems == 4) {
        CHECK(mnt_item_at(m, 0) == NULL);
        CHECK(mnt_item_at(m, m->agenda_start) == NULL);
        CHECK(mnt_item_at(m, m->items[0].start - 1) == NULL);
        CHECK(mnt_item_at(m, m->items[0].start) == &m->items[0]);
        CHECK(mnt_item_at(m, m->items[1].start - 1) == &m->items[0]);
        CHECK(mnt_item_at(m, m->items[1].start) == &m->items[1]);
        CHECK(mnt_item_at(m, m->items[3].end - 1) == &m->items[3]);
        CHECK(mnt_item_at(m, m->items[3].end) == NULL);
        CHECK(mnt_item_at(m, (size_t)-1) == NULL);
    }
    CHECK(mnt_item_at(NULL, 0) == NULL);
    mnt_free(m);
    mnt_free(NULL);
}

/* ---- odd input ---- */

static double seconds(clock_t a) { return (double)(clock() - a) / CLOCKS_PER_SEC; }

TEST(odd_inputs_finish_fast)
{
    clock_t t0 = clock();
    mnt_minutes_t *m = mnt_parse("", 0, NULL);
    CHECK(m && m->nitems == 0 && m->npages == 1 && m->body && m->body[0] == '\0');
    CHECK(m && m->date.year == 0 && m->agenda_start == 0 && m->agenda_end == 0);
    mnt_free(m);
    m = mnt_parse(NULL, 0, NULL);
    CHECK(m && m->nitems == 0);
    mnt_free(m);

    char nuls[4096] = { 0 };
    m = mnt_parse(nuls, sizeof nuls, "\xff\xfe");
    CHECK(m && m->nitems == 0 && m->nattendees == 0);
    mnt_free(m);

    const char bad[] = "\xff\xfe\xc3\nSak 1/2023 \xc3\x28\xa0\xa1\nVedtak: \xf0\x28\x8c\x28\n"
                       "Tilstede: \xc3, \xe2\x82\nEmne 1. m\xff" "de i \xc3\n\x80\x80\x80";
    m = mnt_parse(bad, sizeof bad - 1, NULL);
    CHECK(m != NULL);
    mnt_free(m);

    /* One huge line. */
    size_t big = 50u << 20;
    char *h = malloc(big);
    CHECK(h != NULL);
    if (h) {
        memset(h, 'a', big);
        memcpy(h, "Sak 1/2023 ", 11);
        for (size_t i = 100; i < big; i += 7)
            h[i] = ' ';
        m = mnt_parse(h, big, NULL);
        CHECK(m && m->nitems == 0 && strlen(m->body) <= 200);
        mnt_free(m);
        memcpy(h, "Emne ", 5);
        m = mnt_parse(h, big, NULL);
        CHECK(m && strlen(m->body) <= 200);
        mnt_free(m);
        free(h);
    }

    /* Thousands of the same heading, and thousands of distinct items. */
    size_t cap = 400000, o = 0;
    char *s = malloc(cap);
    for (int i = 0; i < 5000; i++)
        o += (size_t)snprintf(s + o, cap - o, "Sak 1/2023 Eventuelt\n");
    m = mnt_parse(s, o, NULL);
    CHECK(m != NULL && m->nitems <= 2000);
    mnt_free(m);
    o = 0;
    for (int i = 0; i < 5000; i++)
        o += (size_t)snprintf(s + o, cap - o, "Sak %d/2023 Tittel %d\nVedtak: Ja.\n", i % 999 + 1, i);
    m = mnt_parse(s, o, NULL);
    CHECK(m != NULL && m->nitems == 2000);
    mnt_free(m);
    o = 0;
    for (int i = 0; i < 20000; i++)
        o += (size_t)snprintf(s + o, cap - o, "%d) Punkt\n\f", i % 99 + 1);
    m = mnt_parse(s, o, NULL);
    CHECK(m != NULL && m->nitems <= 2000 && m->npages == 20000);
    mnt_free(m);
    /* A long agenda list whose entries never come back, over long text. */
    free(s);
    cap = 8u << 20;
    s = malloc(cap);
    o = (size_t)snprintf(s, cap, "Dagsorden\n");
    for (int i = 1; i <= 190; i++)
        o += (size_t)snprintf(s + o, cap - o, "Sak %d/2023 Tittel om sak nummer %d her\n", i, i);
    o += (size_t)snprintf(s + o, cap - o, "\nSak 190/2023 Tittel om sak nummer 190 her\nVedtak: Ja.\n");
    while (o + 100 < cap)
        o += (size_t)snprintf(s + o, cap - o, "Tittel om saken nummer %zu der\n", o % 1000);
    m = mnt_parse(s, o, NULL);
    CHECK(m != NULL && m->nitems >= 1 && m->agenda_end > 0);
    mnt_free(m);
    free(s);
    double secs = seconds(t0);
    printf("# odd inputs took %.2f s\n", secs);
    CHECK(secs < 20.0);
}

/* ---- the sample corpus ---- */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, len = 0, r;
    do {
        if (len + 4096 > cap) {
            cap = (cap + 4096) * 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        r = fread(buf + len, 1, cap - len, f);
        len += r;
    } while (r > 0);
    fclose(f);
    *n = len;
    return buf;
}

static int check_corpus_dir(const char *src, const char *lang)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpus/%s", src, lang);
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return 0;
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t nl = strlen(e->d_name);
        if (nl < 15 || strcmp(e->d_name + nl - 4, ".txt") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t n = 0;
        char *t = slurp(path, &n);
        CHECK(t != NULL);
        if (!t)
            continue;
        files++;
        int y = 0, mo = 0, dd = 0;
        CHECK(sscanf(e->d_name, "%4d-%2d-%2d", &y, &mo, &dd) == 3);
        /* Without the file name the date must come from the text, except
         * in the one sample written without a header date. */
        int undated = strcmp(e->d_name, "2026-02-11-styringsgruppen-referat.txt") == 0;
        mnt_minutes_t *m = mnt_parse(t, n, undated ? e->d_name : NULL);
        CHECK(m != NULL);
        if (m) {
            int ok = m->body[0] != '\0' && m->date.year == y && m->date.month == mo &&
                     m->date.day == dd && m->date.from_filename == undated && m->nitems >= 3 &&
                     m->nattendees > 0 && m->agenda_end > m->agenda_start;
            for (size_t i = 0; i < m->nitems; i++) {
                if (strcmp(lang, "nb") == 0 && m->items[i].case_no[0] == '\0')
                    ok = 0;
                if (m->items[i].number <= 0 || !m->items[i].title[0] ||
                    m->items[i].start < m->agenda_end)
                    ok = 0;
            }
            printf("# %s/%s: body \"%s\", %d-%02d-%02d, %zu items,", lang, e->d_name, m->body,
                   m->date.year, m->date.month, m->date.day, m->nitems);
            for (size_t i = 0; i < m->nitems; i++)
                printf(" %s", m->items[i].case_no[0] ? m->items[i].case_no : "-");
            printf("\n");
            if (!ok)
                printf("#   %s: check failed\n", e->d_name);
            CHECK(ok);
        }
        mnt_free(m);
        free(t);
    }
    closedir(d);
    return files;
}

TEST(corpus_files_parse)
{
    const char *src = getenv("REFERAT_SRCDIR");
    if (!src || !*src)
        src = ".";
    CHECK(check_corpus_dir(src, "nb") >= 5);
    CHECK(check_corpus_dir(src, "da") >= 4);
}

int main(void)
{
    RUN(dates_in_text_and_file_names);
    RUN(body_nb_da_and_pdf_style);
    RUN(attendees_wrapped_with_roles_and_absentees);
    RUN(nb_agenda_list_is_not_items_and_links_by_title);
    RUN(nb_two_digit_case_year);
    RUN(two_digit_years_before_2000);
    RUN(previous_meeting_date_is_not_the_date);
    RUN(more_heading_forms);
    RUN(case_number_spellings_in_headings);
    RUN(numbered_items_are_named_by_their_meeting);
    RUN(da_paren_items_after_dot_agenda);
    RUN(sub_items_lettered_and_numbered);
    RUN(da_dot_items_with_dot_agenda);
    RUN(agenda_tail_heading_followed_by_text_is_an_item);
    RUN(unnumbered_heading_without_agenda_entry_is_an_item);
    RUN(da_dot_heading_is_not_a_wrapped_date);
    RUN(section_labels);
    RUN(section_names_and_decisions);
    RUN(sections_span_to_next_label_and_item_end);
    RUN(pages_from_form_feeds);
    RUN(item_lookup_at_boundaries);
    RUN(odd_inputs_finish_fast);
    RUN(corpus_files_parse);
    return tap_done();
}
