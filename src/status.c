/* Status codes and their messages. */
#include <dealgraph/status.h>

const char *dg_status_str(dg_status s)
{
    switch (s) {
    case DG_OK: return "ok";
    case DG_ENOMEM: return "out of memory";
    case DG_EIO: return "input/output error";
    case DG_EUTF8: return "invalid UTF-8";
    case DG_ESYNTAX: return "syntax error";
    case DG_EREGEX: return "regular expression error";
    case DG_ELIMIT: return "limit exceeded";
    case DG_EGRAPH: return "graph error";
    case DG_EJSON: return "malformed JSON";
    case DG_EINVAL: return "invalid argument";
    case DG_ENOTFOUND: return "not found";
    }
    return "unknown status";
}
