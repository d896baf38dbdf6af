/* The reader: files, directories and standard input turned into documents.
 *
 * A directory is walked lazily, depth first, with a stack of frames holding
 * each directory's sorted entries; the frames' (st_dev, st_ino) are the
 * current walk path, which is how a symlink that points back up is caught.
 * JSON Lines are read with a bounded line reader instead of getline, so a
 * record over the size limit is counted while it streams past and never
 * held in memory whole. Bytes are passed through as read: invalid UTF-8 is
 * the text layer's to repair, not a reason to drop a document here. */
#include <dealgraph/doc.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <dealgraph/text.h>

#define DEFAULT_MAX_DOC ((size_t)256 << 20)
#define SNIFF_BYTES 8192
#define READ_CHUNK 65536

static const char *const skip_names[DG_SKIP__COUNT] = {
    "unreadable", "binary", "empty", "bad-json", "no-text", "too-large", "invalid-utf8",
};

const char *dg_skip_str(dg_skip r)
{
    return (unsigned)r < DG_SKIP__COUNT ? skip_names[r] : "unknown";
}

void dg_doc_destroy(dg_doc *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->title);
    free(d->date);
    free(d->url);
    free(d->text);
    free(d->origin);
    memset(d, 0, sizeof *d);
}

/* ---- dates ---- */

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* The time part of RFC 3339 after the date: "THH:MM:SS[.frac](Z|+HH:MM)". */
static bool rfc3339_time(const char *s)
{
    if (*s != 'T' && *s != 't' && *s != ' ')
        return false;
    s++;
    /* each byte is looked at only after the ones before it were digits or
     * separators, so a cut-off string never reads past its NUL */
    int h = digits(s, 2);
    if (h < 0 || h > 23 || s[2] != ':')
        return false;
    int mi = digits(s + 3, 2);
    if (mi < 0 || mi > 59 || s[5] != ':')
        return false;
    int se = digits(s + 6, 2);
    if (se < 0 || se > 60)
        return false;
    s += 8;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if ((*s == 'Z' || *s == 'z') && s[1] == '\0')
        return true;
    if (*s != '+' && *s != '-')
        return false;
    int oh = digits(s + 1, 2);
    if (oh < 0 || oh > 23 || s[3] != ':')
        return false;
    int om = digits(s + 4, 2);
    return om >= 0 && om <= 59 && s[6] == '\0';
}

char *dg_date_normalize(const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n < 10 || s[4] != '-' || s[7] != '-')
        return NULL;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
        return NULL;
    if (n > 10) {
        char *t = strndup(s + 10, n - 10);
        if (!t)
            return NULL;
        bool ok = rfc3339_time(t);
        free(t);
        if (!ok)
            return NULL;
    }
    return strndup(s, 10);
}

/* ---- bounded line reader ---- */

typedef struct linereader {
    int fd;
    char *buf;
    size_t start, end, cap;
    bool eof;
    bool own_fd; /* false for standard input */
    int err;     /* errno of a failed read */
} linereader;

/* Reads the next line into *line (without the newline). A line longer than
 * max is not kept: *too_long is set and *total counts its bytes. Returns
 * false at the end of input (or on a read error, left in lr->err). */
static dg_status lr_next(linereader *lr, dg_buf *line, size_t max, bool *got,
                         bool *too_long, size_t *total)
{
    line->len = 0;
    *got = false;
    *too_long = false;
    *total = 0;
    bool any = false;
    for (;;) {
        if (lr->start == lr->end) {
            if (lr->eof || lr->err)
                break;
            ssize_t k;
            do
                k = read(lr->fd, lr->buf, lr->cap);
            while (k < 0 && errno == EINTR);
            if (k < 0) {
                lr->err = errno;
                break;
            }
            if (k == 0) {
                lr->eof = true;
                break;
            }
            lr->start = 0;
            lr->end = (size_t)k;
        }
        any = true;
        char *p = lr->buf + lr->start;
        size_t avail = lr->end - lr->start;
        char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        *total += take;
        if (!*too_long && *total > max) {
            *too_long = true;
            line->len = 0;
        }
        if (!*too_long && take > 0 && dg_buf_append(line, p, take) != DG_OK)
            return DG_ENOMEM;
        lr->start += take + (nl ? 1 : 0);
        if (nl)
            break;
    }
    *got = any;
    if (any && !*too_long && dg_buf_append(line, "", 0) != DG_OK)
        return DG_ENOMEM;
    return DG_OK;
}

/* ---- reader ---- */

typedef struct frame {
    char *path;
    char **names;
    size_t n, i;
    dev_t dev;
    ino_t ino;
} frame;

struct dg_reader {
    char **paths;
    size_t npaths, pi;
    frame *stack;
    size_t depth, cap;
    /* the JSON Lines file being read, if any */
    bool in_jsonl;
    char *jpath;
    linereader lr;
    unsigned long lineno;
    dg_buf line;
    size_t max;
    size_t seq;
    dg_reader_stats stats;
};

static void frame_free(frame *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    free(f->path);
}

static void jsonl_close(dg_reader *r)
{
    if (!r->in_jsonl)
        return;
    if (r->lr.own_fd)
        close(r->lr.fd);
    free(r->lr.buf);
    memset(&r->lr, 0, sizeof r->lr);
    free(r->jpath);
    r->jpath = NULL;
    r->in_jsonl = false;
}

void dg_reader_free(dg_reader *r)
{
    if (!r)
        return;
    jsonl_close(r);
    while (r->depth > 0)
        frame_free(&r->stack[--r->depth]);
    free(r->stack);
    for (size_t i = 0; i < r->npaths; i++)
        free(r->paths[i]);
    free(r->paths);
    dg_buf_destroy(&r->line);
    free(r);
}

dg_status dg_reader_new(const char *const *paths, size_t npaths,
                        const dg_reader_opts *opts, dg_reader **out)
{
    *out = NULL;
    dg_reader *r = calloc(1, sizeof *r);
    if (!r)
        return DG_ENOMEM;
    dg_buf_init(&r->line);
    r->max = opts && opts->max_doc_bytes ? opts->max_doc_bytes : DEFAULT_MAX_DOC;
    r->paths = calloc(npaths ? npaths : 1, sizeof *r->paths);
    if (!r->paths)
        goto oom;
    for (size_t i = 0; i < npaths; i++) {
        r->paths[i] = strdup(paths[i]);
        if (!r->paths[i])
            goto oom;
        r->npaths = i + 1;
    }
    *out = r;
    return DG_OK;
oom:
    dg_reader_free(r);
    return DG_ENOMEM;
}

const dg_reader_stats *dg_reader_stats_get(const dg_reader *r)
{
    return &r->stats;
}

static dg_status warn(dg_diags *diags, const char *file, unsigned long line,
                      const char *fmt, va_list ap)
{
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        return DG_ENOMEM;
    dg_diags_add(diags, DG_SEV_WARNING, file, (unsigned)line, 0, NULL, "%s", msg);
    free(msg);
    return DG_OK;
}

static dg_status note_warning(dg_diags *diags, const char *file, unsigned long line,
                              const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static dg_status note_warning(dg_diags *diags, const char *file, unsigned long line,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dg_status st = warn(diags, file, line, fmt, ap);
    va_end(ap);
    return st;
}

static dg_status skip(dg_reader *r, dg_diags *diags, dg_skip why, const char *file,
                      unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Counts a skipped file or record and says why, naming file and line. */
static dg_status skip(dg_reader *r, dg_diags *diags, dg_skip why, const char *file,
                      unsigned long line, const char *fmt, ...)
{
    r->stats.skipped[why]++;
    r->stats.skipped_total++;
    va_list ap;
    va_start(ap, fmt);
    dg_status st = warn(diags, file, line, fmt, ap);
    va_end(ap);
    return st;
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
            s[i] != '\f' && s[i] != '\v')
            return false;
    return true;
}

/* NUL bytes in over 1 % of the first 8 KiB, or other control bytes in over
 * 10 %: an image, an archive, a PDF. Text in a legacy encoding has neither. */
static bool looks_binary(const char *s, size_t n)
{
    if (n > SNIFF_BYTES)
        n = SNIFF_BYTES;
    size_t nul = 0, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            nul++;
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f') || c == 0x7f)
            ctl++;
    }
    return nul * 100 > n || ctl * 10 > n;
}

static bool has_bom(const char *s, size_t n)
{
    return n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
           (unsigned char)s[2] == 0xBF;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static char *strip_dup(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    /* "Title: 'Nestlé buys a stake'" in YAML style */
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
        s++;
        n -= 2;
    }
    return strndup(s, n);
}

/* Length of the line at s (up to the newline, not counting "\r\n"), and
 * where the next line starts. */
static size_t line_at(const char *s, size_t n, size_t *next)
{
    const char *nl = memchr(s, '\n', n);
    size_t len = nl ? (size_t)(nl - s) : n;
    *next = nl ? len + 1 : n;
    if (len > 0 && s[len - 1] == '\r')
        len--;
    return len;
}

static bool is_fence(const char *s, size_t len)
{
    return len == 3 && memcmp(s, "---", 3) == 0;
}

/* Parses front matter at the start of d->text, if there is a complete one,
 * and removes it from the text. */
static dg_status front_matter(dg_reader *r, dg_doc *d, dg_diags *diags)
{
    dg_status st = DG_OK;
    size_t next, len = line_at(d->text, d->len, &next);
    if (!is_fence(d->text, len))
        return DG_OK;
    /* find the closing fence first: without one this is body text */
    size_t pos = next, end = 0;
    bool closed = false;
    while (pos < d->len) {
        len = line_at(d->text + pos, d->len - pos, &next);
        if (is_fence(d->text + pos, len)) {
            end = pos + next;
            closed = true;
            break;
        }
        pos += next;
    }
    if (!closed)
        return DG_OK;

    unsigned long lineno = 1;
    line_at(d->text, d->len, &pos);
    for (;;) {
        lineno++;
        const char *s = d->text + pos;
        len = line_at(s, d->len - pos, &next);
        if (is_fence(s, len))
            break;
        pos += next;
        const char *colon = memchr(s, ':', len);
        if (!colon)
            continue;
        char *key = strip_dup(s, (size_t)(colon - s));
        char *val = strip_dup(colon + 1, len - (size_t)(colon + 1 - s));
        if (!key || !val) {
            free(key);
            free(val);
            return DG_ENOMEM;
        }
        char **slot = NULL;
        if (strcmp(key, "title") == 0)
            slot = &d->title;
        else if (strcmp(key, "url") == 0)
            slot = &d->url;
        else if (strcmp(key, "id") == 0)
            slot = &d->id;
        if (val[0] == '\0') {
            /* an empty value says nothing */
        } else if (slot) {
            free(*slot);
            *slot = val;
            val = NULL;
        } else if (strcmp(key, "date") == 0) {
            free(d->date);
            d->date = dg_date_normalize(val);
            if (!d->date) {
                r->stats.bad_dates++;
                st = note_warning(diags, d->origin, lineno, "bad date \"%s\", ignored",
                                  val);
            }
        }
        free(key);
        free(val);
        if (st != DG_OK)
            return st;
    }
    memmove(d->text, d->text + end, d->len - end);
    d->len -= end;
    d->text[d->len] = '\0';
    return DG_OK;
}

/* Reads one text file as one document. *got tells whether d was filled. */
static dg_status read_text(dg_reader *r, const char *path, dg_doc *d, bool *got,
                           dg_diags *diags)
{
    dg_status st = DG_OK;
    char *buf = NULL;
    *got = false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return skip(r, diags, DG_SKIP_UNREADABLE, path, 0, "cannot open: %s",
                    strerror(errno));
    r->stats.files++;
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        st = skip(r, diags, DG_SKIP_UNREADABLE, path, 0, "cannot read: %s",
                  strerror(errno));
        goto cleanup;
    }
    if (S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > r->max) {
        st = skip(r, diags, DG_SKIP_TOO_LARGE, path, 0,
                  "document too large (%jd bytes, limit %zu), skipped",
                  (intmax_t)sb.st_size, r->max);
        goto cleanup;
    }
    /* st_size is a hint: the file may grow, and a pipe says 0 */
    /* +2: room for the terminating NUL and for the read that sees the end */
    size_t cap = S_ISREG(sb.st_mode) ? (size_t)sb.st_size + 2 : READ_CHUNK;
    size_t len = 0;
    buf = malloc(cap);
    if (!buf) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    for (;;) {
        if (cap - len < 2) {
            size_t ncap = cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                st = DG_ENOMEM;
                goto cleanup;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t k = read(fd, buf + len, cap - len - 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            st = skip(r, diags, DG_SKIP_UNREADABLE, path, 0, "cannot read: %s",
                      strerror(errno));
            goto cleanup;
        }
        if (k == 0)
            break;
        len += (size_t)k;
        if (len > r->max) {
            st = skip(r, diags, DG_SKIP_TOO_LARGE, path, 0,
                      "document too large (over %zu bytes), skipped", r->max);
            goto cleanup;
        }
    }
    buf[len] = '\0';
    if (looks_binary(buf, len)) {
        st = skip(r, diags, DG_SKIP_BINARY, path, 0, "binary file, skipped");
        goto cleanup;
    }
    if (has_bom(buf, len)) {
        memmove(buf, buf + 3, len - 3 + 1);
        len -= 3;
    }
    d->text = buf;
    d->len = len;
    buf = NULL;
    d->origin = strdup(path);
    if (!d->origin) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    DG_TRY(front_matter(r, d, diags));
    if (is_blank(d->text, d->len)) {
        st = skip(r, diags, DG_SKIP_EMPTY, path, 0, "empty document, skipped");
        goto cleanup;
    }
    if (!d->id && !(d->id = strdup(path))) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    *got = true;
cleanup:
    if (!*got)
        dg_doc_destroy(d);
    free(buf);
    close(fd);
    return st;
}

static dg_status jsonl_open(dg_reader *r, const char *path, dg_diags *diags)
{
    int fd = 0;
    if (strcmp(path, "-") != 0) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return skip(r, diags, DG_SKIP_UNREADABLE, path, 0, "cannot open: %s",
                        strerror(errno));
    }
    r->stats.files++;
    memset(&r->lr, 0, sizeof r->lr);
    r->lr.fd = fd;
    r->lr.own_fd = strcmp(path, "-") != 0;
    r->lr.cap = READ_CHUNK;
    r->lr.buf = malloc(r->lr.cap);
    r->jpath = strdup(path);
    r->lineno = 0;
    r->in_jsonl = true; /* so jsonl_close releases a half-opened state */
    if (!r->lr.buf || !r->jpath) {
        jsonl_close(r);
        return DG_ENOMEM;
    }
    return DG_OK;
}

/* Copies an optional string field; a value of another type is reported and
 * ignored, null is the same as absent. */
static dg_status opt_field(dg_reader *r, json_t *o, const char *key, char **out,
                           dg_diags *diags)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return DG_OK;
    if (json_is_string(v)) {
        *out = strdup(json_string_value(v));
        return *out ? DG_OK : DG_ENOMEM;
    }
    return note_warning(diags, r->jpath, r->lineno,
                        "field \"%s\" is not a string, ignored", key);
}

/* ---- JSON Lines records: a fast path beside jansson ----
 *
 * Building a jansson tree for every record, then copying the strings out,
 * cost the reading thread as much as a worker's extraction of a tenth of
 * the corpus. Most records are one flat object of strings (and perhaps
 * numbers), so they are scanned here directly. The scanner accepts only a
 * strict subset of JSON that jansson reads the same way: a flat object
 * whose values are strings, null, true, false or integers of up to 18
 * digits; strings of valid UTF-8 with the simple escapes and \uXXXX outside
 * the surrogates and U+0000; no repeated field among the five it reads.
 * Anything else (nesting, reals, surrogate pairs, errors of any kind)
 * returns "unsure" and the record goes through jansson as before, so
 * messages and results for unusual records are unchanged. */

typedef enum jkind { JK_ABSENT, JK_NULL, JK_STRING, JK_INT, JK_OTHER } jkind;

typedef struct jfield {
    jkind kind;
    const char *raw; /* JK_STRING: the bytes between the quotes */
    size_t rawlen;
    long long i; /* JK_INT */
} jfield;

enum { JF_ID, JF_TITLE, JF_DATE, JF_URL, JF_TEXT, JF__COUNT };

static bool json_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The code point of the \uXXXX escape at s[0..6), or -1. */
static long u_escape(const char *s, const char *end)
{
    if (end - s < 6)
        return -1;
    long v = 0;
    for (int k = 2; k < 6; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Length of the valid UTF-8 sequence at s (s[0] >= 0x80), or 0: strict
 * UTF-8 (no overlong forms, surrogates or values above U+10FFFF), which is
 * what jansson accepts. */
static size_t utf8_seq(const unsigned char *s, const unsigned char *end)
{
    unsigned c = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if ((size_t)(end - s) < need)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < need; k++)
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
    return need;
}

/* Scans the string that starts after the opening quote at *pp; on success
 * sets *pp after the closing quote. false: not in the subset. */
static bool fast_string(const char **pp, const char *end, const char **raw, size_t *rawlen)
{
    const char *p = *pp;
    *raw = p;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            *rawlen = (size_t)(p - *raw);
            *pp = p + 1;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (p + 1 >= end)
                return false;
            char e = p[1];
            if (e == 'u') {
                long v = u_escape(p, end);
                if (v <= 0 || (v >= 0xD800 && v <= 0xDFFF))
                    return false;
                p += 6;
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                       e == 'r' || e == 't') {
                p += 2;
            } else {
                return false;
            }
        } else if (c >= 0x80) {
            size_t k = utf8_seq((const unsigned char *)p, (const unsigned char *)end);
            if (!k)
                return false;
            p += k;
        } else {
            p++;
        }
    }
    return false;
}

/* Decodes a string scanned by fast_string into dst (room for rawlen + 1
 * bytes; decoding never grows it); returns the decoded length. */
static size_t fast_decode(const char *raw, size_t rawlen, char *dst)
{
    const char *p = raw, *end = raw + rawlen;
    char *d = dst;
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        size_t run = bs ? (size_t)(bs - p) : (size_t)(end - p);
        memcpy(d, p, run);
        d += run;
        p += run;
        if (!bs)
            break;
        char e = p[1];
        p += 2;
        switch (e) {
        case 'b': *d++ = '\b'; break;
        case 'f': *d++ = '\f'; break;
        case 'n': *d++ = '\n'; break;
        case 'r': *d++ = '\r'; break;
        case 't': *d++ = '\t'; break;
        case 'u': {
            long v = u_escape(p - 2, end);
            p += 4;
            if (v < 0x80) {
                *d++ = (char)v;
            } else if (v < 0x800) {
                *d++ = (char)(0xC0 | (v >> 6));
                *d++ = (char)(0x80 | (v & 0x3F));
            } else {
                *d++ = (char)(0xE0 | (v >> 12));
                *d++ = (char)(0x80 | ((v >> 6) & 0x3F));
                *d++ = (char)(0x80 | (v & 0x3F));
            }
            break;
        }
        default: *d++ = e; break; /* " \ / */
        }
    }
    *d = 0;
    return (size_t)(d - dst);
}

/* A new NUL-terminated copy of a scanned string, or NULL on out of memory. */
static char *fast_dup(const jfield *f, size_t *len)
{
    char *s = malloc(f->rawlen + 1);
    if (!s)
        return NULL;
    size_t n = fast_decode(f->raw, f->rawlen, s);
    if (len)
        *len = n;
    return s;
}

/* Scans one record; true when it is in the subset (fields filled). */
static bool fast_record(const char *s, size_t n, jfield *fields)
{
    static const char *const names[JF__COUNT] = {"id", "title", "date", "url", "text"};
    const char *p = s, *end = s + n;
    for (int k = 0; k < JF__COUNT; k++)
        fields[k] = (jfield){JK_ABSENT, NULL, 0, 0};
    while (p < end && json_ws(*p))
        p++;
    if (p >= end || *p++ != '{')
        return false;
    while (p < end && json_ws(*p))
        p++;
    if (p < end && *p == '}') {
        p++;
    } else {
        for (;;) {
            const char *kraw;
            size_t klen;
            if (p >= end || *p++ != '"' || !fast_string(&p, end, &kraw, &klen))
                return false;
            /* Field names with escapes are left to jansson. */
            int which = -1;
            if (!memchr(kraw, '\\', klen))
                for (int k = 0; k < JF__COUNT; k++)
                    if (strlen(names[k]) == klen && memcmp(names[k], kraw, klen) == 0)
                        which = k;
            if (which < 0 && memchr(kraw, '\\', klen))
                return false;
            while (p < end && json_ws(*p))
                p++;
            if (p >= end || *p++ != ':')
                return false;
            while (p < end && json_ws(*p))
                p++;
            if (p >= end)
                return false;
            jfield f = {JK_OTHER, NULL, 0, 0};
            if (*p == '"') {
                p++;
                if (!fast_string(&p, end, &f.raw, &f.rawlen))
                    return false;
                f.kind = JK_STRING;
            } else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
                f.kind = JK_NULL;
                p += 4;
            } else if (end - p >= 4 && memcmp(p, "true", 4) == 0) {
                p += 4;
            } else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
                p += 5;
            } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
                bool neg = *p == '-';
                if (neg)
                    p++;
                const char *d0 = p;
                long long v = 0;
                while (p < end && *p >= '0' && *p <= '9') {
                    if (p - d0 < 18) /* more digits are refused below */
                        v = v * 10 + (*p - '0');
                    p++;
                }
                size_t nd = (size_t)(p - d0);
                if (nd == 0 || nd > 18 || (nd > 1 && *d0 == '0'))
                    return false;
                if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
                    return false; /* a real */
                f.kind = JK_INT;
                f.i = neg ? -v : v;
            } else {
                return false; /* an object, an array, or not JSON */
            }
            /* a literal must end here (jansson reads "nullx" as an error) */
            if (p < end && !json_ws(*p) && *p != ',' && *p != '}')
                return false;
            if (which >= 0) {
                if (fields[which].kind != JK_ABSENT)
                    return false; /* a repeated field: jansson keeps the last */
                fields[which] = f;
            }
            while (p < end && json_ws(*p))
                p++;
            if (p < end && *p == ',') {
                p++;
                while (p < end && json_ws(*p))
                    p++;
                continue;
            }
            if (p < end && *p == '}') {
                p++;
                break;
            }
            return false;
        }
    }
    while (p < end && json_ws(*p))
        p++;
    return p == end;
}

/* A document from a record the fast path read: the same checks, messages
 * and fields as the jansson path below. */
static dg_status fast_doc(dg_reader *r, const jfield *fs, dg_doc *d, bool *got, dg_diags *diags)
{
    dg_status st = DG_OK;
    *got = false;
    const jfield *text = &fs[JF_TEXT];
    if (text->kind != JK_STRING)
        return skip(r, diags, DG_SKIP_NO_TEXT, r->jpath, r->lineno,
                    "record has no string \"text\", skipped");
    size_t tlen;
    d->text = fast_dup(text, &tlen);
    if (!d->text)
        return DG_ENOMEM;
    if (is_blank(d->text, tlen)) {
        st = skip(r, diags, DG_SKIP_EMPTY, r->jpath, r->lineno, "empty document, skipped");
        goto cleanup;
    }
    d->origin = strdup(r->jpath);
    if (!d->origin) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    d->len = tlen;
    d->line = r->lineno;

    const jfield *id = &fs[JF_ID];
    if (id->kind == JK_STRING) {
        d->id = fast_dup(id, NULL);
    } else if (id->kind == JK_INT) {
        if (asprintf(&d->id, "%lld", id->i) < 0)
            d->id = NULL;
    } else {
        if (id->kind == JK_OTHER)
            DG_TRY(note_warning(diags, r->jpath, r->lineno,
                                "field \"id\" is not a string or number, ignored"));
        if (asprintf(&d->id, "%s:%lu", r->jpath, r->lineno) < 0)
            d->id = NULL;
    }
    if (!d->id) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    static const struct {
        int field;
        const char *name;
    } opt[] = {{JF_TITLE, "title"}, {JF_URL, "url"}, {JF_DATE, "date"}};
    char *date = NULL;
    for (size_t k = 0; k < sizeof opt / sizeof *opt; k++) {
        const jfield *f = &fs[opt[k].field];
        char **out = opt[k].field == JF_TITLE ? &d->title : opt[k].field == JF_URL ? &d->url : &date;
        if (f->kind == JK_STRING) {
            if (!(*out = fast_dup(f, NULL))) {
                st = DG_ENOMEM;
                goto cleanup;
            }
        } else if (f->kind != JK_ABSENT && f->kind != JK_NULL) {
            DG_TRY(note_warning(diags, r->jpath, r->lineno,
                                "field \"%s\" is not a string, ignored", opt[k].name));
        }
    }
    if (date) {
        d->date = dg_date_normalize(date);
        if (!d->date) {
            r->stats.bad_dates++;
            st = note_warning(diags, r->jpath, r->lineno, "bad date \"%s\", ignored", date);
        }
        free(date);
        if (st != DG_OK)
            goto cleanup;
    }
    *got = true;
cleanup:
    if (!*got)
        dg_doc_destroy(d);
    return st;
}

/* Makes a document of one JSON Lines record. */
static dg_status jsonl_record(dg_reader *r, char *s, size_t n, dg_doc *d, bool *got,
                              dg_diags *diags)
{
    dg_status st = DG_OK;
    *got = false;
    jfield fs[JF__COUNT];
    if (fast_record(s, n, fs))
        return fast_doc(r, fs, d, got, diags);
    json_error_t jerr;
    json_t *o = json_loadb(s, n, JSON_ALLOW_NUL, &jerr);
    if (!o)
        return skip(r, diags, DG_SKIP_BAD_JSON, r->jpath, r->lineno,
                    "bad JSON record: %s (column %d)", jerr.text, jerr.column);
    if (!json_is_object(o)) {
        st = skip(r, diags, DG_SKIP_BAD_JSON, r->jpath, r->lineno,
                  "bad JSON record: not an object");
        goto cleanup;
    }
    json_t *text = json_object_get(o, "text");
    if (!json_is_string(text)) {
        st = skip(r, diags, DG_SKIP_NO_TEXT, r->jpath, r->lineno,
                  "record has no string \"text\", skipped");
        goto cleanup;
    }
    size_t tlen = json_string_length(text);
    if (is_blank(json_string_value(text), tlen)) {
        st = skip(r, diags, DG_SKIP_EMPTY, r->jpath, r->lineno,
                  "empty document, skipped");
        goto cleanup;
    }
    d->text = malloc(tlen + 1);
    d->origin = strdup(r->jpath);
    if (!d->text || !d->origin) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    memcpy(d->text, json_string_value(text), tlen);
    d->text[tlen] = '\0';
    d->len = tlen;
    d->line = r->lineno;

    json_t *id = json_object_get(o, "id");
    if (json_is_string(id)) {
        d->id = strdup(json_string_value(id));
    } else if (json_is_integer(id)) {
        if (asprintf(&d->id, "%" JSON_INTEGER_FORMAT, json_integer_value(id)) < 0)
            d->id = NULL;
    } else if (json_is_real(id)) {
        double x = json_real_value(id);
        char tmp[40];
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, x);
            if (strtod(tmp, NULL) == x)
                break;
        }
        d->id = strdup(tmp);
    } else {
        if (id && !json_is_null(id))
            DG_TRY(note_warning(diags, r->jpath, r->lineno,
                                "field \"id\" is not a string or number, ignored"));
        if (asprintf(&d->id, "%s:%lu", r->jpath, r->lineno) < 0)
            d->id = NULL;
    }
    if (!d->id) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    DG_TRY(opt_field(r, o, "title", &d->title, diags));
    DG_TRY(opt_field(r, o, "url", &d->url, diags));
    char *date = NULL;
    DG_TRY(opt_field(r, o, "date", &date, diags));
    if (date) {
        d->date = dg_date_normalize(date);
        if (!d->date) {
            r->stats.bad_dates++;
            st = note_warning(diags, r->jpath, r->lineno, "bad date \"%s\", ignored",
                              date);
        }
        free(date);
        if (st != DG_OK)
            goto cleanup;
    }
    *got = true;
cleanup:
    if (!*got)
        dg_doc_destroy(d);
    json_decref(o);
    return st;
}

/* The next document of the open JSON Lines file; closes it at the end. */
static dg_status jsonl_next(dg_reader *r, dg_doc *d, bool *got, dg_diags *diags)
{
    *got = false;
    while (!*got) {
        bool have, too_long;
        size_t total;
        dg_status st = lr_next(&r->lr, &r->line, r->max, &have, &too_long, &total);
        if (st != DG_OK)
            return st;
        if (!have) {
            if (r->lr.err)
                st = skip(r, diags, DG_SKIP_UNREADABLE, r->jpath, r->lineno + 1,
                          "cannot read: %s", strerror(r->lr.err));
            jsonl_close(r);
            return st;
        }
        r->lineno++;
        if (too_long) {
            st =
                skip(r, diags, DG_SKIP_TOO_LARGE, r->jpath, r->lineno,
                     "record too large (%zu bytes, limit %zu), skipped", total, r->max);
            if (st != DG_OK)
                return st;
            continue;
        }
        char *s = r->line.p;
        size_t n = r->line.len;
        if (r->lineno == 1 && has_bom(s, n)) {
            s += 3;
            n -= 3;
        }
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (is_blank(s, n))
            continue;
        st = jsonl_record(r, s, n, d, got, diags);
        if (st != DG_OK)
            return st;
    }
    return DG_OK;
}

static bool wanted(const char *name)
{
    return ends_with(name, ".txt") || ends_with(name, ".md") ||
           ends_with(name, ".jsonl");
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Opens directory path (whose stat is sb) and pushes its sorted entries,
 * unless it is already on the walk path: then it is a symlink loop. */
static dg_status push_dir(dg_reader *r, const char *path, const struct stat *sb,
                          dg_diags *diags)
{
    for (size_t i = 0; i < r->depth; i++)
        if (r->stack[i].dev == sb->st_dev && r->stack[i].ino == sb->st_ino)
            return skip(r, diags, DG_SKIP_UNREADABLE, path, 0, "symlink loop, skipped");
    DIR *dir = opendir(path);
    if (!dir)
        return skip(r, diags, DG_SKIP_UNREADABLE, path, 0, "cannot open directory: %s",
                    strerror(errno));
    dg_status st = DG_OK;
    frame f = {.dev = sb->st_dev, .ino = sb->st_ino};
    size_t cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (f.n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = realloc(f.names, cap * sizeof *v);
            if (!v) {
                st = DG_ENOMEM;
                goto cleanup;
            }
            f.names = v;
        }
        if (!(f.names[f.n] = strdup(e->d_name))) {
            st = DG_ENOMEM;
            goto cleanup;
        }
        f.n++;
        errno = 0;
    }
    if (errno != 0) {
        st = skip(r, diags, DG_SKIP_UNREADABLE, path, 0, "cannot read directory: %s",
                  strerror(errno));
        goto cleanup;
    }
    qsort(f.names, f.n, sizeof *f.names, cmp_names);
    if (r->depth == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 8;
        frame *v = realloc(r->stack, ncap * sizeof *v);
        if (!v) {
            st = DG_ENOMEM;
            goto cleanup;
        }
        r->stack = v;
        r->cap = ncap;
    }
    if (!(f.path = strdup(path))) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    r->stack[r->depth++] = f;
    memset(&f, 0, sizeof f);
cleanup:
    frame_free(&f);
    closedir(dir);
    return st;
}

/* A file to read: JSON Lines by its ending, else one text document. */
static dg_status read_file(dg_reader *r, const char *path, dg_doc *d, bool *got,
                           dg_diags *diags)
{
    *got = false;
    if (ends_with(path, ".jsonl"))
        return jsonl_open(r, path, diags);
    return read_text(r, path, d, got, diags);
}

dg_status dg_reader_next(dg_reader *r, dg_doc *doc, bool *got, dg_diags *diags)
{
    dg_status st = DG_OK;
    char *child = NULL;
    memset(doc, 0, sizeof *doc);
    *got = false;
    while (!*got) {
        if (r->in_jsonl) {
            DG_TRY(jsonl_next(r, doc, got, diags));
            continue;
        }
        if (r->depth > 0) {
            frame *f = &r->stack[r->depth - 1];
            if (f->i == f->n) {
                frame_free(f);
                r->depth--;
                continue;
            }
            const char *name = f->names[f->i++];
            size_t pl = strlen(f->path);
            bool slash = pl > 0 && f->path[pl - 1] == '/';
            free(child);
            if (asprintf(&child, "%s%s%s", f->path, slash ? "" : "/", name) < 0) {
                child = NULL;
                st = DG_ENOMEM;
                goto cleanup;
            }
            struct stat sb;
            if (stat(child, &sb) != 0) {
                if (errno == ELOOP)
                    DG_TRY(skip(r, diags, DG_SKIP_UNREADABLE, child, 0,
                                "symlink loop, skipped"));
                else if (wanted(name))
                    DG_TRY(skip(r, diags, DG_SKIP_UNREADABLE, child, 0,
                                "cannot open: %s", strerror(errno)));
                continue;
            }
            if (S_ISDIR(sb.st_mode))
                DG_TRY(push_dir(r, child, &sb, diags));
            else if (S_ISREG(sb.st_mode) && wanted(name))
                DG_TRY(read_file(r, child, doc, got, diags));
            continue;
        }
        if (r->pi < r->npaths) {
            const char *p = r->paths[r->pi++];
            if (strcmp(p, "-") == 0) {
                DG_TRY(jsonl_open(r, p, diags));
                continue;
            }
            struct stat sb;
            if (stat(p, &sb) != 0) {
                if (errno == ELOOP)
                    DG_TRY(skip(r, diags, DG_SKIP_UNREADABLE, p, 0,
                                "symlink loop, skipped"));
                else
                    DG_TRY(skip(r, diags, DG_SKIP_UNREADABLE, p, 0, "cannot open: %s",
                                strerror(errno)));
                continue;
            }
            if (S_ISDIR(sb.st_mode))
                DG_TRY(push_dir(r, p, &sb, diags));
            else
                DG_TRY(read_file(r, p, doc, got, diags));
            continue;
        }
        break;
    }
    if (*got) {
        doc->seq = r->seq++;
        r->stats.docs++;
        r->stats.bytes += doc->len;
    }
cleanup:
    free(child);
    if (st != DG_OK && *got) {
        dg_doc_destroy(doc);
        *got = false;
    }
    return st;
}
