/* dealgraph: output files written atomically. Data goes to a temporary file
 * beside the target ("PATH.tmp.PID.N"); commit flushes, fsyncs and renames it
 * over the target, so a reader never sees a truncated file after an error,
 * a signal or Ctrl-C. A pending temporary file is removed by abort, and by
 * the signal cleanup when the process is interrupted. "-" writes to standard
 * output directly (no atomicity is possible there). */
#ifndef DEALGRAPH_OUTFILE_H
#define DEALGRAPH_OUTFILE_H

#include <stdio.h>

#include <dealgraph/diag.h>
#include <dealgraph/status.h>

typedef struct dg_outfile dg_outfile;

/* Opens a temporary file for path. On failure returns DG_EIO and adds an
 * error naming path to diags (may be NULL). */
dg_status dg_outfile_open(const char *path, dg_outfile **out, dg_diags *diags);
/* The stream to write to; owned by the outfile. */
FILE *dg_outfile_stream(dg_outfile *of);
/* Flushes, checks for write errors (ENOSPC, /dev/full...), fsyncs and renames
 * the temporary over the target; frees of. On any failure the temporary is
 * removed, the target is left as it was, an error naming path is added to
 * diags and DG_EIO is returned. */
dg_status dg_outfile_commit(dg_outfile *of, dg_diags *diags);
/* Removes the temporary and frees of. Accepts NULL. */
void dg_outfile_abort(dg_outfile *of);

/* Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGPIPE that remove every
 * pending temporary file, then re-raise the signal with its default action.
 * Safe to call more than once. */
void dg_outfile_install_signal_cleanup(void);

#endif
