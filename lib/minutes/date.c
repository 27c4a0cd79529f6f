/* date.c - meeting dates in Norwegian and Danish spellings: "15.11.23",
 * "24.10.2024", "2024-10-24", "24. okt. 2024", "Den 24. oktober 2024",
 * and dates in file names ("referat-20230602.pdf"). */
#include "minutes/mnt_private.h"
#include "schema.h"

#include <string.h>

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads up to MAX digits at S[*i]; returns how many were read. */
static int digits(const char *s, size_t n, size_t *i, int max, int *val)
{
    int k = 0, v = 0;
    while (*i < n && is_digit((unsigned char)s[*i]) && k < max + 1) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    *val = v;
    return k;
}

static int valid(int y, int m, int d)
{
    return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int year_of(int v, int k)
{
    if (k == 2)
        return referat_full_year(v);
    return k == 4 ? v : -1;
}

static const struct {
    const char *name;
    int month;
} months[] = {
    { "januar", 1 },    { "jan", 1 },      { "februar", 2 },  { "feb", 2 },
    { "mars", 3 },      { "marts", 3 },    { "mar", 3 },      { "april", 4 },
    { "apr", 4 },       { "mai", 5 },      { "maj", 5 },      { "juni", 6 },
    { "jun", 6 },       { "juli", 7 },     { "jul", 7 },      { "august", 8 },
    { "aug", 8 },       { "september", 9 },{ "sept", 9 },     { "sep", 9 },
    { "oktober", 10 },  { "october", 10 }, { "okt", 10 },     { "oct", 10 },
    { "november", 11 }, { "nov", 11 },     { "desember", 12 },{ "december", 12 },
    { "des", 12 },      { "dec", 12 },
};

/* The month named by the ASCII word of N bytes at S, or 0. */
static int month_word(const char *s, size_t n)
{
    if (n < 3 || n > 9)
        return 0;
    char w[10];
    for (size_t i = 0; i < n; i++)
        w[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    w[n] = '\0';
    for (size_t k = 0; k < sizeof months / sizeof months[0]; k++)
        if (strcmp(w, months[k].name) == 0)
            return months[k].month;
    return 0;
}

/* Tries every date form at S[i], the start of a digit run. */
static int date_at(const char *s, size_t n, size_t i, mnt_date_t *out)
{
    size_t j = i;
    int a, b, c;
    int ka = digits(s, n, &j, 4, &a);
    /* ISO "2024-10-24". */
    if (ka == 4 && j < n && s[j] == '-') {
        size_t k = j + 1;
        int kb = digits(s, n, &k, 2, &b);
        if (kb >= 1 && kb <= 2 && k < n && s[k] == '-') {
            k++;
            int kc = digits(s, n, &k, 2, &c);
            if (kc >= 1 && kc <= 2 && (k >= n || !is_digit((unsigned char)s[k])) && valid(a, b, c)) {
                *out = (mnt_date_t){ a, b, c, 0 };
                return 1;
            }
        }
        return 0;
    }
    if (ka < 1 || ka > 2)
        return 0;
    /* "15.11.23", "24.10.2024", "24/10/2024". */
    if (j < n && (s[j] == '.' || s[j] == '/')) {
        char sep = s[j];
        size_t k = j + 1;
        int kb = digits(s, n, &k, 2, &b);
        if (kb >= 1 && kb <= 2 && k < n && s[k] == sep) {
            k++;
            int kc = digits(s, n, &k, 4, &c);
            int y = year_of(c, kc);
            if (y > 0 && (k >= n || !is_digit((unsigned char)s[k])) && valid(y, b, a)) {
                *out = (mnt_date_t){ y, b, a, 0 };
                return 1;
            }
        }
    }
    /* "24. oktober 2024", "24. okt. 2024", "24 okt 2024". */
    size_t k = j;
    if (k < n && s[k] == '.')
        k++;
    while (k < n && s[k] == ' ')
        k++;
    size_t ws = k;
    while (k < n && is_alpha((unsigned char)s[k]) && k - ws < 10)
        k++;
    int mo = month_word(s + ws, k - ws);
    if (!mo || (k < n && is_alpha((unsigned char)s[k])))
        return 0;
    if (k < n && s[k] == '.')
        k++;
    while (k < n && s[k] == ' ')
        k++;
    int kc = digits(s, n, &k, 4, &c);
    int y = year_of(c, kc);
    if (y > 0 && (k >= n || !is_digit((unsigned char)s[k])) && valid(y, mo, a)) {
        *out = (mnt_date_t){ y, mo, a, 0 };
        return 1;
    }
    return 0;
}

int mntp_date_in(const char *s, size_t n, mnt_date_t *d)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)s[i]) || (i > 0 && is_digit((unsigned char)s[i - 1])))
            continue;
        if (date_at(s, n, i, d))
            return 1;
    }
    return 0;
}

/* "20230602" (exactly eight digits) or "2023-06-02" anywhere in the base
 * name; the directory part is ignored so "2023/..." folders do not count. */
int mntp_date_from_filename(const char *filename, mnt_date_t *d)
{
    if (!filename)
        return 0;
    const char *base = strrchr(filename, '/');
    base = base ? base + 1 : filename;
    size_t n = strlen(base);
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)base[i]) || (i > 0 && is_digit((unsigned char)base[i - 1])))
            continue;
        size_t j = i;
        int v;
        int k = digits(base, n, &j, 8, &v);
        if (k == 8) {
            int y = v / 10000, m = v / 100 % 100, dd = v % 100;
            if (valid(y, m, dd)) {
                *d = (mnt_date_t){ y, m, dd, 1 };
                return 1;
            }
        } else if (k == 4 && j < n && (base[j] == '-' || base[j] == '_' || base[j] == '.')) {
            char sep = base[j];
            int m, dd;
            size_t k2 = j + 1;
            if (digits(base, n, &k2, 2, &m) == 2 && k2 < n && base[k2] == sep) {
                k2++;
                if (digits(base, n, &k2, 2, &dd) == 2 && valid(v, m, dd)) {
                    *d = (mnt_date_t){ v, m, dd, 1 };
                    return 1;
                }
            }
        }
        i = j - 1 < i ? i : j - 1;
    }
    return 0;
}
