/* dealgraph: documents and the inputs they come from (text files, Markdown,
 * JSON Lines, standard input). */
#ifndef DEALGRAPH_DOC_H
#define DEALGRAPH_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <dealgraph/diag.h>
#include <dealgraph/status.h>

/* One article. Every string is owned by the document and freed by
 * dg_doc_destroy; optional fields are NULL when absent. */
typedef struct dg_doc {
    char *id;       /* JSON "id", else the path as walked (plus ":LINE" for JSONL without id) */
    char *title;
    char *date;     /* normalized to YYYY-MM-DD, or NULL */
    char *url;
    char *text;     /* body bytes as read: front matter and a BOM removed, NUL-terminated */
    size_t len;     /* bytes in text */
    char *origin;   /* file the document came from ("-" for standard input) */
    unsigned long line; /* 1-based line of the record in a JSONL file; 0 for text files */
    size_t seq;     /* 0-based position in the run, in reading order */
} dg_doc;

void dg_doc_destroy(dg_doc *d); /* accepts a zeroed document */

/* Why a document or file was not extracted. */
typedef enum dg_skip {
    DG_SKIP_UNREADABLE = 0, /* open or read failed (permission, I/O error, symlink loop) */
    DG_SKIP_BINARY,         /* looks like a binary file */
    DG_SKIP_EMPTY,          /* no text at all */
    DG_SKIP_BAD_JSON,       /* a JSONL record that does not parse, or is not an object */
    DG_SKIP_NO_TEXT,        /* a JSONL record without a string "text" */
    DG_SKIP_TOO_LARGE,      /* over the size limit */
    DG_SKIP_INVALID_UTF8,   /* invalid UTF-8 with the policy "skip" */
    DG_SKIP__COUNT
} dg_skip;

/* A short name for a skip reason ("binary", "bad-json", ...). */
const char *dg_skip_str(dg_skip r);

typedef struct dg_reader_stats {
    size_t files;                 /* input files opened */
    size_t docs;                  /* documents returned */
    size_t bytes;                 /* text bytes of the documents returned */
    size_t skipped[DG_SKIP__COUNT];
    size_t skipped_total;
    size_t bad_dates;             /* dates that did not parse (the document is kept, date NULL) */
} dg_reader_stats;

typedef struct dg_reader_opts {
    size_t max_doc_bytes; /* 0: default (256 MiB) */
} dg_reader_opts;

/* Reads documents from paths in a stable order: a directory is walked
 * recursively with entries sorted by name (bytewise), taking files ending in
 * .txt, .md, .jsonl; a file given by name is read whatever its ending (.jsonl
 * as JSON Lines, anything else as one text document); "-" reads JSON Lines
 * from standard input. */
typedef struct dg_reader dg_reader;

/* paths are copied. opts may be NULL. */
dg_status dg_reader_new(const char *const *paths, size_t npaths,
                        const dg_reader_opts *opts, dg_reader **out);
void dg_reader_free(dg_reader *r);

/* Fills *doc with the next document and sets *got to true, or sets *got to
 * false at the end. A problem with one file or record is added to diags as a
 * warning naming the file and line, counted in the stats, and reading goes on
 * with the next; only out-of-memory is returned as an error. The caller owns
 * *doc (dg_doc_destroy). */
dg_status dg_reader_next(dg_reader *r, dg_doc *doc, bool *got, dg_diags *diags);

const dg_reader_stats *dg_reader_stats_get(const dg_reader *r);

/* Normalizes a date (YYYY-MM-DD or RFC 3339) to a new "YYYY-MM-DD" string
 * (caller frees), or returns NULL when it does not parse. */
char *dg_date_normalize(const char *s);

#endif
