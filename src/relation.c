/* Relation records: the container, and the JSON Lines format of the relations
 * file.
 *
 * The writer is hand-written rather than json_dumps: the key order is part of
 * the format (golden tests diff it byte for byte), numbers must print the same
 * way everywhere (2000000000, never 2e+09), non-ASCII stays as UTF-8, and a
 * string that is not valid UTF-8 (a document id taken from a file name) must
 * still give a line that parses, where jansson would refuse the whole record. */
#include <dealgraph/relation.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static const char *const status_names[DG_ST__COUNT] = {
    "announced", "completed", "planned", "rumored", "ended", "denied",
};

const char *dg_rel_status_str(dg_rel_status s)
{
    return (unsigned)s < DG_ST__COUNT ? status_names[s] : "unknown";
}

bool dg_rel_status_parse(const char *s, dg_rel_status *out)
{
    if (!s)
        return false;
    for (int i = 0; i < DG_ST__COUNT; i++)
        if (strcmp(s, status_names[i]) == 0) {
            *out = (dg_rel_status)i;
            return true;
        }
    return false;
}

static void free_strv(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void dg_relation_destroy(dg_relation *r)
{
    if (!r)
        return;
    free(r->doc);
    free(r->date);
    free(r->type);
    free_strv(r->parties, r->nparties);
    free_strv(r->party_types, r->nparties);
    free_strv(r->party_parents, r->nparties);
    free(r->round);
    free(r->sentence);
    free(r->rule);
    memset(r, 0, sizeof *r);
}

/* strdup that keeps NULL as NULL; *ok turns false when memory runs out. */
static char *dup_opt(const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *ok = false;
    return d;
}

static char **dup_strv(char *const *v, size_t n, bool *ok)
{
    char **d = calloc(n ? n : 1, sizeof *d);
    if (!d) {
        *ok = false;
        return NULL;
    }
    for (size_t i = 0; v && i < n; i++)
        d[i] = dup_opt(v[i], ok);
    return d;
}

dg_status dg_relation_copy(dg_relation *dst, const dg_relation *src)
{
    bool ok = true;
    dg_relation r = *src; /* scalars and currency */
    r.doc = dup_opt(src->doc, &ok);
    r.date = dup_opt(src->date, &ok);
    r.type = dup_opt(src->type, &ok);
    r.parties = dup_strv(src->parties, src->nparties, &ok);
    r.party_types = dup_strv(src->party_types, src->nparties, &ok);
    r.party_parents = dup_strv(src->party_parents, src->nparties, &ok);
    r.round = dup_opt(src->round, &ok);
    r.sentence = dup_opt(src->sentence, &ok);
    r.rule = dup_opt(src->rule, &ok);
    if (!ok) {
        dg_relation_destroy(&r);
        memset(dst, 0, sizeof *dst);
        return DG_ENOMEM;
    }
    *dst = r;
    return DG_OK;
}

/* ---- writer ---- */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when the
 * bytes there are not one (overlong forms, surrogates and code points above
 * U+10FFFF are invalid, as jansson's decoder says). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Writes s as a JSON string: quotes, backslashes and control characters
 * escaped, valid UTF-8 copied as is, each invalid byte written as U+FFFD so
 * the line still parses. NULL is written as null. */
static void put_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    fputc('"', f);
    size_t i = 0;
    while (i < n) {
        /* copy the longest run that needs no escaping in one call */
        size_t j = i;
        while (j < n && p[j] >= 0x20 && p[j] != '"' && p[j] != '\\') {
            size_t k = utf8_seq(p + j, n - j);
            if (k == 0)
                break;
            j += k;
        }
        if (j > i)
            fwrite(p + i, 1, j - i, f);
        if (j >= n)
            break;
        unsigned c = p[j];
        switch (c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        case '\b':
            fputs("\\b", f);
            break;
        case '\f':
            fputs("\\f", f);
            break;
        default:
            if (c < 0x20)
                fprintf(f, "\\u%04x", c);
            else
                fputs("\\ufffd", f); /* invalid UTF-8 byte */
        }
        i = j + 1;
    }
    fputc('"', f);
}

/* Writes a number the same way on every platform: integers below 1e15 in
 * plain digits (exact in a double, and jansson reads them back as integers
 * within range), anything else in the shortest %g form that reads back to
 * the same double. NaN and infinity have no JSON form: null. */
static void put_num(FILE *f, double x)
{
    if (!isfinite(x)) {
        fputs("null", f);
        return;
    }
    if (x == 0) {
        fputs("0", f); /* also -0 */
        return;
    }
    if (fabs(x) < 1e15 && x == trunc(x)) {
        fprintf(f, "%.0f", x);
        return;
    }
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, f);
}

dg_status dg_relation_write_json(const dg_relation *r, FILE *f)
{
    fputs("{\"doc\":", f);
    put_str(f, r->doc);
    fputs(",\"date\":", f);
    put_str(f, r->date);
    fputs(",\"type\":", f);
    put_str(f, r->type);
    fputs(",\"status\":", f);
    put_str(f, dg_rel_status_str(r->status));
    fputs(",\"parties\":[", f);
    for (size_t i = 0; i < r->nparties; i++) {
        if (i)
            fputc(',', f);
        put_str(f, r->parties ? r->parties[i] : NULL);
    }
    bool st = r->directed && r->nparties >= 2 && r->parties;
    fputs("],\"source\":", f);
    put_str(f, st ? r->parties[0] : NULL);
    fputs(",\"target\":", f);
    put_str(f, st ? r->parties[1] : NULL);
    fputs(",\"amount\":", f);
    if (r->has_amount)
        put_num(f, r->amount);
    else
        fputs("null", f);
    fputs(",\"currency\":", f);
    char cur[4];
    memcpy(cur, r->currency, 3);
    cur[3] = '\0';
    put_str(f, cur[0] ? cur : NULL);
    fputs(",\"round\":", f);
    put_str(f, r->round);
    fputs(",\"stake_percent\":", f);
    if (r->has_stake)
        put_num(f, r->stake_percent);
    else
        fputs("null", f);
    fputs(",\"sentence\":", f);
    put_str(f, r->sentence);
    fprintf(f, ",\"start\":%zu,\"end\":%zu,\"rule\":", r->start, r->end);
    put_str(f, r->rule);
    fputs(",\"party_types\":[", f);
    for (size_t i = 0; i < r->nparties; i++) {
        if (i)
            fputc(',', f);
        put_str(f, r->party_types ? r->party_types[i] : NULL);
    }
    fputs("],\"party_parents\":[", f);
    for (size_t i = 0; i < r->nparties; i++) {
        if (i)
            fputc(',', f);
        put_str(f, r->party_parents ? r->party_parents[i] : NULL);
    }
    fputs("]}\n", f);
    return ferror(f) ? DG_EIO : DG_OK;
}

/* ---- parser ---- */

static dg_status fail(char **err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static dg_status fail(char **err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        if (vasprintf(err, fmt, ap) < 0)
            *err = NULL;
        va_end(ap);
    }
    return DG_EJSON;
}

/* An optional string field: absent or null gives NULL. Returns DG_EJSON
 * when the field has another type. */
static dg_status get_opt_str(json_t *o, const char *key, char **out, char **err)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return DG_OK;
    if (!json_is_string(v))
        return fail(err, "key \"%s\" must be a string or null", key);
    *out = strdup(json_string_value(v));
    return *out ? DG_OK : DG_ENOMEM;
}

static dg_status get_opt_num(json_t *o, const char *key, bool *has, double *out,
                             char **err)
{
    json_t *v = json_object_get(o, key);
    *has = false;
    *out = 0;
    if (!v || json_is_null(v))
        return DG_OK;
    if (!json_is_number(v))
        return fail(err, "key \"%s\" must be a number or null", key);
    *has = true;
    *out = json_number_value(v);
    return DG_OK;
}

static dg_status get_offset(json_t *o, const char *key, size_t *out, char **err)
{
    json_t *v = json_object_get(o, key);
    *out = 0;
    if (!v || json_is_null(v))
        return DG_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return fail(err, "key \"%s\" must be a non-negative integer", key);
    *out = (size_t)json_integer_value(v);
    return DG_OK;
}

/* A per-party array (party_types, party_parents): optional; when present it
 * holds one string or null per party. *out always gets nparties slots so
 * readers can index it without checking. */
static dg_status get_party_attr(json_t *o, const char *key, size_t np, char ***out,
                                char **err)
{
    *out = calloc(np, sizeof **out);
    if (!*out)
        return DG_ENOMEM;
    json_t *a = json_object_get(o, key);
    if (!a || json_is_null(a))
        return DG_OK;
    if (!json_is_array(a) || json_array_size(a) != np)
        return fail(err, "key \"%s\" must be an array with one entry per party", key);
    for (size_t i = 0; i < np; i++) {
        json_t *v = json_array_get(a, i);
        if (json_is_null(v))
            continue;
        if (!json_is_string(v))
            return fail(err, "key \"%s\" must hold strings or null", key);
        (*out)[i] = strdup(json_string_value(v));
        if (!(*out)[i])
            return DG_ENOMEM;
    }
    return DG_OK;
}

dg_status dg_relation_parse_json(const char *line, size_t n, dg_relation *out,
                                 char **err)
{
    dg_status st = DG_OK;
    dg_relation r;
    memset(&r, 0, sizeof r);
    memset(out, 0, sizeof *out);
    if (err)
        *err = NULL;
    json_error_t jerr;
    json_t *o = json_loadb(line, n, 0, &jerr);
    if (!o) {
        st = fail(err, "bad JSON: %s (column %d)", jerr.text, jerr.column);
        goto cleanup;
    }
    if (!json_is_object(o)) {
        st = fail(err, "a relation must be a JSON object");
        goto cleanup;
    }
    static const char *const required[] = {"doc", "type", "status", "parties"};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!json_object_get(o, required[i])) {
            st = fail(err, "missing key \"%s\"", required[i]);
            goto cleanup;
        }

    json_t *v = json_object_get(o, "doc");
    if (!json_is_string(v)) {
        st = fail(err, "key \"doc\" must be a string");
        goto cleanup;
    }
    DG_TRY(get_opt_str(o, "doc", &r.doc, err));
    if (!json_is_string(json_object_get(o, "type"))) {
        st = fail(err, "key \"type\" must be a string");
        goto cleanup;
    }
    DG_TRY(get_opt_str(o, "type", &r.type, err));
    v = json_object_get(o, "status");
    if (!json_is_string(v) || !dg_rel_status_parse(json_string_value(v), &r.status)) {
        st = fail(err, "key \"status\" must be one of announced, completed, planned, "
                       "rumored, ended, denied");
        goto cleanup;
    }
    json_t *parties = json_object_get(o, "parties");
    if (!json_is_array(parties) || json_array_size(parties) < 2) {
        st = fail(err, "key \"parties\" must be an array of at least two names");
        goto cleanup;
    }
    size_t np = json_array_size(parties);
    r.parties = calloc(np, sizeof *r.parties);
    if (!r.parties) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    r.nparties = np;
    for (size_t i = 0; i < np; i++) {
        v = json_array_get(parties, i);
        if (!json_is_string(v)) {
            st = fail(err, "key \"parties\" must hold strings");
            goto cleanup;
        }
        r.parties[i] = strdup(json_string_value(v));
        if (!r.parties[i]) {
            st = DG_ENOMEM;
            goto cleanup;
        }
    }
    DG_TRY(get_party_attr(o, "party_types", np, &r.party_types, err));
    DG_TRY(get_party_attr(o, "party_parents", np, &r.party_parents, err));

    /* A directed record names its source and target; the writer takes them
     * from parties[0] and parties[1], so parties alone carry the order. */
    json_t *src = json_object_get(o, "source"), *tgt = json_object_get(o, "target");
    if ((src && !json_is_null(src) && !json_is_string(src)) ||
        (tgt && !json_is_null(tgt) && !json_is_string(tgt))) {
        st = fail(err, "keys \"source\" and \"target\" must be strings or null");
        goto cleanup;
    }
    r.directed = json_is_string(src) && json_is_string(tgt);
    if (r.directed && (strcmp(json_string_value(src), r.parties[0]) != 0 ||
                       strcmp(json_string_value(tgt), r.parties[1]) != 0)) {
        st = fail(err, "\"source\" and \"target\" must be the first two parties");
        goto cleanup;
    }

    DG_TRY(get_opt_str(o, "date", &r.date, err));
    DG_TRY(get_opt_num(o, "amount", &r.has_amount, &r.amount, err));
    char *cur = NULL;
    DG_TRY(get_opt_str(o, "currency", &cur, err));
    if (cur) {
        size_t cl = strlen(cur);
        if (cl > 3) {
            free(cur);
            st = fail(err, "key \"currency\" must be an ISO 4217 code");
            goto cleanup;
        }
        memcpy(r.currency, cur, cl + 1);
        free(cur);
    }
    DG_TRY(get_opt_str(o, "round", &r.round, err));
    DG_TRY(get_opt_num(o, "stake_percent", &r.has_stake, &r.stake_percent, err));
    DG_TRY(get_opt_str(o, "sentence", &r.sentence, err));
    DG_TRY(get_offset(o, "start", &r.start, err));
    DG_TRY(get_offset(o, "end", &r.end, err));
    DG_TRY(get_opt_str(o, "rule", &r.rule, err));

    *out = r;
    memset(&r, 0, sizeof r);
cleanup:
    json_decref(o);
    dg_relation_destroy(&r);
    return st;
}

/* ---- container ---- */

void dg_relations_init(dg_relations *rs)
{
    rs->v = NULL;
    rs->n = rs->cap = 0;
}

void dg_relations_clear(dg_relations *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        dg_relation_destroy(&rs->v[i]);
    rs->n = 0;
}

void dg_relations_destroy(dg_relations *rs)
{
    if (!rs)
        return;
    dg_relations_clear(rs);
    free(rs->v);
    dg_relations_init(rs);
}

dg_status dg_relations_push(dg_relations *rs, dg_relation *r)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 8;
        dg_relation *v = realloc(rs->v, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        rs->v = v;
        rs->cap = cap;
    }
    rs->v[rs->n++] = *r;
    memset(r, 0, sizeof *r);
    return DG_OK;
}
