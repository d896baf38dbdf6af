/* dealgraph: status codes returned by every fallible function. */
#ifndef DEALGRAPH_STATUS_H
#define DEALGRAPH_STATUS_H

typedef enum dg_status {
    DG_OK = 0,
    DG_ENOMEM,   /* allocation failed */
    DG_EIO,      /* read or write failed */
    DG_EUTF8,    /* invalid UTF-8 where it is not repaired */
    DG_ESYNTAX,  /* rule file syntax error */
    DG_EREGEX,   /* pcre2 rejected a pattern, or a match failed */
    DG_ELIMIT,   /* a size, match or depth limit was hit */
    DG_EGRAPH,   /* igraph reported an error */
    DG_EJSON,    /* malformed JSON */
    DG_EINVAL,   /* invalid argument or option value */
    DG_ENOTFOUND /* a file, rule or name does not exist */
} dg_status;

/* A short English description of s; static storage, never NULL. */
const char *dg_status_str(dg_status s);

/* Jump to the function's cleanup label when x fails; the status is kept in
 * the local variable `st`, which the caller declares. */
#define DG_TRY(x)                                                              \
    do {                                                                       \
        st = (x);                                                              \
        if (st != DG_OK)                                                       \
            goto cleanup;                                                      \
    } while (0)

#endif
