/* Runs a command and reports its wall time and peak resident set size, so
 * the benchmark needs no /usr/bin/time (not installed everywhere).
 *
 *   rss OUTFILE COMMAND [ARG...]
 *
 * Writes "SECONDS MAXRSS_KIB" to OUTFILE (the format of
 * /usr/bin/time -f '%e %M') and exits with the command's status (128 + the
 * signal when it was killed). The command's own output passes through. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: rss OUTFILE COMMAND [ARG...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("rss: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("rss: wait4");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    /* ru_maxrss is in KiB on Linux. */
    fprintf(f, "%.3f %ld\n", secs, ru.ru_maxrss);
    if (fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
