// bench_pushvalues_spawn REPORT_FILE COMMAND [ARGUMENT...]
//
// Runs COMMAND and writes "<exit code> <signal> <wall ns> <peak RSS KiB>" to REPORT_FILE, the
// peak being wait4()'s ru_maxrss: the largest of COMMAND and every descendant it reaped.
//
// Why a separate, tiny, static program: on exec Linux carries the *pre-exec* high-water mark of
// the forking process into ru_maxrss (and with vfork/posix_spawn that is the parent's whole
// address space). Spawned straight from the benchmark, every child would report at least the
// benchmark's own ~19 MiB; spawned from here, the floor is this program's few hundred KiB.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s REPORT_FILE COMMAND [ARGUMENT...]\n", argv[0]);
        return 2;
    }
    timespec start{}, end{};
    clock_gettime(CLOCK_MONOTONIC, &start);
    const pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "fork: %s\n", std::strerror(errno));
        return 127;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        std::fprintf(stderr, "cannot start %s: %s\n", argv[2], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::fprintf(stderr, "wait4: %s\n", std::strerror(errno));
            return 127;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);

    const long long ns = (end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    const int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    FILE* report = std::fopen(argv[1], "w");
    if (!report ||
        std::fprintf(report, "%d %d %lld %ld\n", code, signal, ns, usage.ru_maxrss) < 0 ||
        std::fclose(report) != 0) {
        std::fprintf(stderr, "cannot write %s\n", argv[1]);
        return 127;
    }
    return signal ? 128 + signal : code;
}
