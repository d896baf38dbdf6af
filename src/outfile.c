/* Output files written atomically: a temporary beside the target, renamed
 * over it only after every byte is known to be on disk.
 *
 * Pending temporary paths live in a fixed table of plain char arrays so the
 * signal handler can read them without locks or allocation: a slot's path is
 * written completely before its `used` flag is set, and the flag is cleared
 * before the path is reused (a signal fence orders the two for the handler,
 * which runs on the same thread that it interrupts). */
#include <dealgraph/outfile.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define MAX_PENDING 64

static char pending_path[MAX_PENDING][PATH_MAX];
static volatile sig_atomic_t pending_used[MAX_PENDING];
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long tmp_counter;

struct dg_outfile {
    char *path;   /* as given, for messages */
    char *target; /* what is renamed over (symlinks resolved) */
    char *tmp;    /* NULL when writing directly */
    FILE *f;
    int slot; /* index in the pending table, or -1 */
    bool is_stdout;
};

/* Registers tmp for the signal cleanup; returns the slot or -1 when the
 * table is full (the file is still written, only not cleaned on a signal). */
static int pending_add(const char *tmp)
{
    if (strlen(tmp) >= PATH_MAX)
        return -1;
    int slot = -1;
    pthread_mutex_lock(&pending_lock);
    for (int i = 0; i < MAX_PENDING; i++)
        if (!pending_used[i]) {
            slot = i;
            strcpy(pending_path[i], tmp);
            atomic_signal_fence(memory_order_seq_cst);
            pending_used[i] = 1;
            break;
        }
    pthread_mutex_unlock(&pending_lock);
    return slot;
}

static void pending_del(int slot)
{
    if (slot < 0)
        return;
    pthread_mutex_lock(&pending_lock);
    pending_used[slot] = 0;
    atomic_signal_fence(memory_order_seq_cst);
    pthread_mutex_unlock(&pending_lock);
}

static void on_signal(int sig)
{
    int saved = errno;
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending_used[i]) {
            atomic_signal_fence(memory_order_seq_cst);
            unlink(pending_path[i]);
        }
    /* SA_RESETHAND restored the default action; the signal is blocked while
     * the handler runs, so it is delivered again as soon as we return. */
    errno = saved;
    raise(sig);
}

void dg_outfile_install_signal_cleanup(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old, sa;
        if (sigaction(sigs[i], NULL, &old) != 0)
            continue;
        /* Keep a signal the user chose to ignore (nohup) ignored; and a
         * second call finds our handler already there. */
        if (old.sa_handler == SIG_IGN || old.sa_handler == on_signal)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(sigs[i], &sa, NULL);
    }
}

static void of_free(dg_outfile *of)
{
    free(of->path);
    free(of->target);
    free(of->tmp);
    free(of);
}

dg_status dg_outfile_open(const char *path, dg_outfile **out, dg_diags *diags)
{
    dg_status st = DG_OK;
    *out = NULL;
    dg_outfile *of = calloc(1, sizeof *of);
    if (!of || !(of->path = strdup(path))) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    of->slot = -1;
    if (strcmp(path, "-") == 0) {
        of->is_stdout = true;
        of->f = stdout;
        *out = of;
        return DG_OK;
    }

    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (exists && !S_ISREG(sb.st_mode)) {
        /* A device or pipe (/dev/null, /dev/full, /dev/stdout): nothing to
         * rename over, so write to it directly; commit still reports errors. */
        of->f = fopen(path, "w");
        if (!of->f) {
            dg_diags_add(diags, DG_SEV_ERROR, path, 0, 0, NULL,
                         "cannot open for writing: %s", strerror(errno));
            st = DG_EIO;
            goto cleanup;
        }
        *out = of;
        return DG_OK;
    }

    /* A symlink to a file: replace the file, keep the link. */
    struct stat lsb;
    if (exists && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode))
        of->target = realpath(path, NULL);
    else
        of->target = strdup(path);
    if (!of->target) {
        st = errno == ENOMEM ? DG_ENOMEM : DG_EIO;
        if (st == DG_EIO)
            dg_diags_add(diags, DG_SEV_ERROR, path, 0, 0, NULL, "cannot resolve: %s",
                         strerror(errno));
        goto cleanup;
    }

    pthread_mutex_lock(&pending_lock);
    unsigned long n = tmp_counter++;
    pthread_mutex_unlock(&pending_lock);
    if (asprintf(&of->tmp, "%s.tmp.%ld.%lu", of->target, (long)getpid(), n) < 0) {
        of->tmp = NULL;
        st = DG_ENOMEM;
        goto cleanup;
    }
    /* Registered before it exists, so no moment has a file the signal
     * cleanup does not know about. */
    of->slot = pending_add(of->tmp);
    int fd = open(of->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        dg_diags_add(diags, DG_SEV_ERROR, path, 0, 0, NULL,
                     "cannot create temporary file %s: %s", of->tmp, strerror(errno));
        st = DG_EIO;
        goto cleanup;
    }
    /* Replacing a file keeps its permissions. */
    if (exists)
        (void)fchmod(fd, sb.st_mode & 07777);
    of->f = fdopen(fd, "w");
    if (!of->f) {
        int e = errno;
        close(fd);
        unlink(of->tmp);
        if (e == ENOMEM) {
            st = DG_ENOMEM;
        } else {
            dg_diags_add(diags, DG_SEV_ERROR, path, 0, 0, NULL,
                         "cannot open for writing: %s", strerror(e));
            st = DG_EIO;
        }
        goto cleanup;
    }
    *out = of;
    return DG_OK;

cleanup:
    if (of) {
        pending_del(of->slot);
        of_free(of);
    }
    return st;
}

FILE *dg_outfile_stream(dg_outfile *of)
{
    return of->f;
}

dg_status dg_outfile_commit(dg_outfile *of, dg_diags *diags)
{
    dg_status st = DG_OK;
    int err = 0;
    const char *what = "cannot write";
    if (!of)
        return DG_EINVAL;

    /* fflush sets errno for a failure it sees itself; an error from an
     * earlier implicit flush only left the stream's error flag (EIO then). */
    errno = 0;
    if (fflush(of->f) != 0)
        err = errno ? errno : EIO;
    else if (ferror(of->f))
        err = EIO;
    if (of->is_stdout) {
        if (err)
            goto cleanup;
        goto done;
    }
    /* fsync of a device or pipe says EINVAL or EROFS: nothing to sync. */
    if (!err && fsync(fileno(of->f)) != 0 &&
        (of->tmp || (errno != EINVAL && errno != EROFS)))
        err = errno;
    int fe = fclose(of->f);
    of->f = NULL;
    if (!err && fe != 0)
        err = errno ? errno : EIO;
    if (err)
        goto cleanup;
    if (of->tmp && rename(of->tmp, of->target) != 0) {
        err = errno;
        what = "cannot rename temporary file into place";
        goto cleanup;
    }
done:
    pending_del(of->slot);
    of_free(of);
    return DG_OK;

cleanup:
    st = DG_EIO;
    dg_diags_add(diags, DG_SEV_ERROR, of->path, 0, 0, NULL, "%s: %s", what,
                 strerror(err));
    if (of->f && !of->is_stdout)
        fclose(of->f);
    if (of->tmp)
        unlink(of->tmp);
    pending_del(of->slot);
    of_free(of);
    return st;
}

void dg_outfile_abort(dg_outfile *of)
{
    if (!of)
        return;
    if (of->is_stdout)
        fflush(of->f);
    else if (of->f)
        fclose(of->f);
    if (of->tmp)
        unlink(of->tmp);
    pending_del(of->slot);
    of_free(of);
}
