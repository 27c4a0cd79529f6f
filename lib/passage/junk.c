/* junk.c - telling text from encoded or binary data that got into a text
 * file: a base64 attachment pasted into minutes, a hex dump, one endless
 * "word" of repeated characters, control bytes.
 *
 * Such data has nothing a reader would search for, and every one of its
 * "words" is new, so indexing it costs a term per token: a 50 MB base64
 * file took 105 s and 1.6 GB before this check, against 2 s for the same
 * size of real text.
 *
 * The check judges each white-space separated token, never a whole
 * passage: a Bakgrunn paragraph followed by a list of long SharePoint
 * links is text, and so is every sentence around a pasted base64 block.
 * Only a token of at least LONG_TOKEN bytes can be data, and only when it
 * is no link (URL or e-mail address) and has the make-up of data: control
 * bytes, at most a few distinct bytes ("xxxx...", "====..."), or only
 * base64 or hex characters whose letters and digits change class (lower
 * case, upper case, digit) every few characters.  A long compound, words
 * glued together by a lost space, or a file name joined by '_' and '-'
 * stays text.  Consecutive data tokens form one run.
 */
#include "psg.h"

#include <stddef.h>
#include <string.h>

/* Tokens shorter than this are always text (Nordic compounds rarely pass
 * 30 bytes, base64 lines are 60-76). */
#define LONG_TOKEN 32

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* 1 when the token T (N bytes) is a URL or an e-mail address: it holds
 * "://", starts with "www.", or has an '@' with a '.' after it.  None of
 * these occur in base64 or hex. */
static int is_link(const char *t, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/')
            return 1;
    size_t i = 0;
    while (i < n && t[i] && strchr("(<[\"'", t[i]))
        i++;
    if (n - i > 4 && (t[i] == 'w' || t[i] == 'W') && (t[i + 1] == 'w' || t[i + 1] == 'W') &&
        (t[i + 2] == 'w' || t[i + 2] == 'W') && t[i + 3] == '.')
        return 1;
    const char *at = memchr(t, '@', n);
    return at && at > t && memchr(at, '.', n - (size_t)(at - t)) != NULL;
}

/* The class of byte C for the class-change count: 1 lower case, 2 upper
 * case, 3 digit, 4 the rest of base64's alphabet ("+/=", "-_" in its URL
 * form), 0 for a byte outside it. */
static int data_class(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return 1;
    if (c >= 'A' && c <= 'Z')
        return 2;
    if (c >= '0' && c <= '9')
        return 3;
    if (c == '+' || c == '/' || c == '=' || c == '-' || c == '_')
        return 4;
    return 0;
}

/* 1 when the token T (N bytes) looks like encoded or binary data. */
static int is_data(const char *t, size_t n)
{
    if (n < LONG_TOKEN || is_link(t, n))
        return 0;
    unsigned char seen[256] = {0};
    size_t distinct = 0, alnum = 0, changes = 0;
    int alphabet = 1, prev = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 || c == 0x7f)
            return 1;
        if (!seen[c]) {
            seen[c] = 1;
            distinct++;
        }
        int k = data_class(c);
        if (!k)
            alphabet = 0;
        if (k == 0 || k == 4)
            continue;
        /* Changes between letters and digits, across any punctuation:
         * "Referat_styremote_2024-03-12" changes once a word. */
        if (prev && k != prev)
            changes++;
        prev = k;
        alnum++;
    }
    /* Random base64 changes class at about two letters or digits in
     * three, hex at one in two; words, glued or joined by '_' or '-',
     * about once a word. */
    return distinct <= 4 || (alphabet && alnum >= LONG_TOKEN && changes * 4 >= alnum);
}

void psg_blank_junk(char *text, size_t len, psg_junk_t *out)
{
    psg_junk_t j = {0, 0, 1, 0, 0};
    size_t i = 0, run_end = 0;
    int in_run = 0;
    while (i < len) {
        if (is_blank((unsigned char)text[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && !is_blank((unsigned char)text[i]))
            i++;
        if (!is_data(text + s, i - s)) {
            in_run = 0;
            j.empty = 0;
            continue;
        }
        if (j.empty && !j.runs)
            j.first = 1;
        /* A run takes in the blanks between its tokens; line ends and
         * form feeds stay, so lines and pages still count right. */
        if (!in_run)
            j.runs++;
        for (size_t k = in_run ? run_end : s; k < i; k++)
            if (text[k] != '\n' && text[k] != '\f')
                text[k] = ' ';
        j.bytes += i - (in_run ? run_end : s);
        in_run = 1;
        run_end = i;
    }
    j.last = in_run;
    if (out)
        *out = j;
}
