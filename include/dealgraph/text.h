/* dealgraph: the text layer. UTF-8 repair, NFC normalization with a map back
 * to the original bytes, Unicode-aware fold keys, tokens and sentences.
 * Only text.c talks to utf8proc. */
#ifndef DEALGRAPH_TEXT_H
#define DEALGRAPH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dealgraph/status.h>

typedef struct dg_span {
    size_t start, end; /* byte offsets, end exclusive */
} dg_span;

/* A growable byte buffer; always NUL-terminated when len > 0 or after
 * dg_buf_cstr. Caller-owned: dg_buf_init / dg_buf_destroy. */
typedef struct dg_buf {
    char *p;
    size_t len, cap;
} dg_buf;

void dg_buf_init(dg_buf *b);
void dg_buf_destroy(dg_buf *b);
dg_status dg_buf_append(dg_buf *b, const char *s, size_t n);
dg_status dg_buf_putc(dg_buf *b, char c);
/* The contents as a C string (never NULL; "" when empty). */
const char *dg_buf_cstr(dg_buf *b);

/* A document's text, valid UTF-8 in NFC, with a map to the original bytes.
 * Caller-owned: dg_text_init / dg_text_destroy. */
typedef struct dg_text {
    char *s;          /* normalized text, NUL-terminated, owned */
    size_t len;       /* bytes in s */
    size_t orig_len;  /* bytes in the original */
    size_t repaired;  /* invalid byte sequences replaced by U+FFFD */
    bool ascii;       /* the original was pure ASCII: s is a copy, map is identity */
    /* Anchors (norm offset, orig offset), sorted; between two anchors the two
     * texts advance together. Empty when the map is the identity. */
    size_t *anchor_norm, *anchor_orig;
    size_t nanchors;
} dg_text;

/* Validates and normalizes n bytes. Invalid UTF-8 sequences are replaced by
 * U+FFFD and counted in t->repaired (never an error). NUL bytes become
 * spaces. Returns DG_ENOMEM only. */
dg_status dg_text_init(dg_text *t, const char *bytes, size_t n);
void dg_text_destroy(dg_text *t);

/* The byte offset in the original text of normalized offset `off`. An offset
 * inside a rewritten segment maps to that segment's start (or end when it is
 * the segment's end). */
size_t dg_text_orig_offset(const dg_text *t, size_t off);

/* true when s[0..n) is valid UTF-8. */
bool dg_utf8_valid(const char *s, size_t n);

/* Appends the fold key of s[0..n) to out: NFKC, case folded, marks stripped,
 * quotes and dashes lumped (so "Nestlé" and "NESTLE" and "Moody’s" and
 * "Moody's" fold alike). s must be valid UTF-8. */
dg_status dg_fold_append(dg_buf *out, const char *s, size_t n);

/* Token classes. */
enum {
    DG_TOK_WORD = 1,   /* letters and digits (may hold internal digits) */
    DG_TOK_NUM = 2,    /* starts with a digit */
    DG_TOK_PUNCT = 4,  /* one punctuation or symbol character */
    DG_TOK_CAP = 8,    /* first character is an uppercase letter or a digit */
    DG_TOK_UPPER = 16, /* every letter is uppercase (and there are two or more) */
    DG_TOK_SPACE_BEFORE = 32 /* white space precedes it */
};

typedef struct dg_token {
    uint32_t start, end;   /* byte span in the tokenized string */
    uint32_t key, key_len; /* fold key: offset and length in dg_tokens.keys */
    uint32_t flags;        /* DG_TOK_* */
} dg_token;

/* Tokens of one string. A token is a maximal run of letters, digits and
 * combining marks, or one punctuation/symbol character; white space separates
 * and is not a token. Caller-owned: init / destroy; dg_tokenize resets it so
 * one list can be reused without new allocation. */
typedef struct dg_tokens {
    dg_token *v;
    size_t n, cap;
    dg_buf keys; /* fold keys, back to back (not NUL-separated) */
} dg_tokens;

void dg_tokens_init(dg_tokens *t);
void dg_tokens_destroy(dg_tokens *t);
/* Tokenizes s[0..n) (valid UTF-8) into t, replacing its contents. A letter
 * of a script written without spaces (Chinese, kana, Thai, ...) is a token
 * of its own. */
dg_status dg_tokenize(dg_tokens *t, const char *s, size_t n);

/* true when s[0..n) (valid UTF-8) has a letter of a script written without
 * spaces right beside a letter or digit of another script: such a run is
 * not one name ("Aramco与Chubb"). */
bool dg_text_crosses_scripts(const char *s, size_t n);

/* Sentences. Splits at . ! ? (and runs of them, with closing quotes and
 * brackets) followed by white space and an uppercase letter, digit, quote or
 * bracket, and at blank lines (paragraphs, headlines). Does not split after
 * an abbreviation in `abbrevs` (NULL: a built-in list holding Inc. Corp. Co.
 * Ltd. U.S. Mr. Dr. and others), after a single capital initial, or inside a
 * number (1.5). Spans exclude surrounding white space; empty sentences are
 * dropped. */
typedef struct dg_spans {
    dg_span *v;
    size_t n, cap;
} dg_spans;

void dg_spans_init(dg_spans *s);
void dg_spans_destroy(dg_spans *s);

/* abbrevs: NULL-terminated array of abbreviations as written, each ending in
 * a period ("Inc.", "U.S."); compared case-sensitively. */
dg_status dg_sentences_split(dg_spans *out, const char *s, size_t n,
                             const char *const *abbrevs);

#endif
