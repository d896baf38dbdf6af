/* Unit tests of atomic output files: commit, abort, write errors, signals. */
#include <check.h>
#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dealgraph/outfile.h>

extern Suite *outfile_suite(void);

static char tmpdir[64];
static char target[128];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dg-outfile-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(target, sizeof target, "%s/relations.jsonl", tmpdir);
}

static void teardown(void)
{
    nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Entries of tmpdir whose names hold ".tmp.". */
static int count_temps(void)
{
    DIR *d = opendir(tmpdir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".tmp."))
            n++;
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static const char *LINE1 =
    "{\"doc\":\"a\",\"type\":\"acquisition\",\"parties\":[\"Broadcom\","
    "\"VMware\"]}\n";

START_TEST(test_commit_replaces)
{
    put(target, "old relations\n");
    dg_diags *dg = dg_diags_new();
    dg_outfile *of;
    ck_assert_int_eq(dg_outfile_open(target, &of, dg), DG_OK);
    fputs(LINE1, dg_outfile_stream(of));
    /* before commit the target still holds the old data, the temp the new */
    ck_assert_str_eq(slurp(target), "old relations\n");
    ck_assert_int_eq(count_temps(), 1);
    ck_assert_int_eq(dg_outfile_commit(of, dg), DG_OK);
    ck_assert_str_eq(slurp(target), LINE1);
    ck_assert_int_eq(count_temps(), 0);
    ck_assert_uint_eq(dg_diags_count(dg), 0);
    dg_diags_free(dg);
}
END_TEST

START_TEST(test_commit_new_file_keeps_mode)
{
    put(target, "x\n");
    ck_assert_int_eq(chmod(target, 0640), 0);
    dg_outfile *of;
    ck_assert_int_eq(dg_outfile_open(target, &of, NULL), DG_OK);
    fputs(LINE1, dg_outfile_stream(of));
    ck_assert_int_eq(dg_outfile_commit(of, NULL), DG_OK);
    struct stat sb;
    ck_assert_int_eq(stat(target, &sb), 0);
    ck_assert_int_eq(sb.st_mode & 0777, 0640);
}
END_TEST

START_TEST(test_abort_leaves_target)
{
    put(target, "relations of yesterday\n");
    dg_outfile *of;
    ck_assert_int_eq(dg_outfile_open(target, &of, NULL), DG_OK);
    fputs("half a line {\"doc\":", dg_outfile_stream(of));
    dg_outfile_abort(of);
    ck_assert_str_eq(slurp(target), "relations of yesterday\n");
    ck_assert_int_eq(count_temps(), 0);
    dg_outfile_abort(NULL);
}
END_TEST

START_TEST(test_abort_no_target)
{
    dg_outfile *of;
    ck_assert_int_eq(dg_outfile_open(target, &of, NULL), DG_OK);
    fputs(LINE1, dg_outfile_stream(of));
    dg_outfile_abort(of);
    ck_assert_int_eq(access(target, F_OK), -1);
    ck_assert_int_eq(count_temps(), 0);
}
END_TEST

START_TEST(test_dev_full)
{
    if (access("/dev/full", W_OK) != 0)
        return; /* no /dev/full here */
    dg_diags *dg = dg_diags_new();
    dg_outfile *of;
    ck_assert_int_eq(dg_outfile_open("/dev/full", &of, dg), DG_OK);
    fputs(LINE1, dg_outfile_stream(of));
    ck_assert_int_eq(dg_outfile_commit(of, dg), DG_EIO);
    ck_assert_uint_eq(dg_diags_count(dg), 1);
    const dg_diag *e = dg_diags_get(dg, 0);
    ck_assert_int_eq(e->sev, DG_SEV_ERROR);
    ck_assert_str_eq(e->file, "/dev/full");
    ck_assert_str_eq(e->msg, "cannot write: No space left on device");
    dg_diags_free(dg);
}
END_TEST

START_TEST(test_dev_null)
{
    dg_outfile *of;
    ck_assert_int_eq(dg_outfile_open("/dev/null", &of, NULL), DG_OK);
    fputs(LINE1, dg_outfile_stream(of));
    ck_assert_int_eq(dg_outfile_commit(of, NULL), DG_OK);
    struct stat sb;
    ck_assert_int_eq(stat("/dev/null", &sb), 0);
    ck_assert(S_ISCHR(sb.st_mode)); /* not replaced by a regular file */
}
END_TEST

START_TEST(test_missing_dir)
{
    char path[160];
    snprintf(path, sizeof path, "%s/no/such/dir/graph.graphml", tmpdir);
    dg_diags *dg = dg_diags_new();
    dg_outfile *of = (dg_outfile *)1;
    ck_assert_int_eq(dg_outfile_open(path, &of, dg), DG_EIO);
    ck_assert_ptr_null(of);
    ck_assert_uint_eq(dg_diags_count(dg), 1);
    ck_assert_str_eq(dg_diags_get(dg, 0)->file, path);
    ck_assert_ptr_nonnull(
        strstr(dg_diags_get(dg, 0)->msg, "No such file or directory"));
    dg_diags_free(dg);
}
END_TEST

START_TEST(test_stdout)
{
    dg_outfile *of;
    ck_assert_int_eq(dg_outfile_open("-", &of, NULL), DG_OK);
    ck_assert_ptr_eq(dg_outfile_stream(of), stdout);
    ck_assert_int_eq(dg_outfile_commit(of, NULL), DG_OK);
    ck_assert_int_eq(count_temps(), 0);
}
END_TEST

START_TEST(test_symlink_kept)
{
    char real[160], link[160];
    snprintf(real, sizeof real, "%s/entities.jsonl", tmpdir);
    snprintf(link, sizeof link, "%s/latest.jsonl", tmpdir);
    put(real, "old\n");
    ck_assert_int_eq(symlink("entities.jsonl", link), 0);
    dg_outfile *of;
    ck_assert_int_eq(dg_outfile_open(link, &of, NULL), DG_OK);
    fputs(LINE1, dg_outfile_stream(of));
    ck_assert_int_eq(dg_outfile_commit(of, NULL), DG_OK);
    struct stat sb;
    ck_assert_int_eq(lstat(link, &sb), 0);
    ck_assert(S_ISLNK(sb.st_mode));
    ck_assert_str_eq(slurp(real), LINE1);
}
END_TEST

START_TEST(test_signal_removes_temp)
{
    put(target, "complete relations\n");
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dg_outfile_install_signal_cleanup();
        dg_outfile_install_signal_cleanup(); /* twice is fine */
        dg_outfile *of;
        if (dg_outfile_open(target, &of, NULL) != DG_OK)
            _exit(3);
        fputs(LINE1, dg_outfile_stream(of));
        fflush(dg_outfile_stream(of));
        raise(SIGTERM); /* Ctrl-C in the middle of writing */
        _exit(4);
    }
    int ws;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    ck_assert(WIFSIGNALED(ws));
    ck_assert_int_eq(WTERMSIG(ws), SIGTERM);
    ck_assert_int_eq(count_temps(), 0);
    ck_assert_str_eq(slurp(target), "complete relations\n");
}
END_TEST

Suite *outfile_suite(void)
{
    Suite *s = suite_create("outfile");
    TCase *tc = tcase_create("atomic");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_commit_replaces);
    tcase_add_test(tc, test_commit_new_file_keeps_mode);
    tcase_add_test(tc, test_abort_leaves_target);
    tcase_add_test(tc, test_abort_no_target);
    tcase_add_test(tc, test_dev_full);
    tcase_add_test(tc, test_dev_null);
    tcase_add_test(tc, test_missing_dir);
    tcase_add_test(tc, test_stdout);
    tcase_add_test(tc, test_symlink_kept);
    tcase_add_test(tc, test_signal_removes_temp);
    suite_add_tcase(s, tc);
    return s;
}
