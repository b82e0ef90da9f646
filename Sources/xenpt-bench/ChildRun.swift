#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One finished child process: exit status, wall time and peak resident memory.
struct ChildRun {
    /// Exit status, or 128 + signal number when killed.
    var status: Int32
    /// Wall time from spawn to reaping, in seconds.
    var seconds: Double
    /// Peak resident set size of that child alone, in KiB (`ru_maxrss` from `wait4`).
    var peakKiB: Int

    /// Spawns `arguments[0]` (a path) with stdout sent to `stdoutPath` (or /dev/null) and
    /// stderr to `stderrPath`, waits for it with `wait4` and reads its own rusage.
    static func run(_ arguments: [String], stdoutPath: String?, stderrPath: String) -> Result<ChildRun, SpawnError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }

        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            return .failure(SpawnError(message: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))"))
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return .failure(SpawnError(message: "wait4 failed for \(arguments[0])")) }
        }
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (the C macros are not imported).
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return .success(ChildRun(status: exitStatus, seconds: seconds, peakKiB: Int(usage.ru_maxrss)))
    }
}

/// A child that could not be started or reaped.
struct SpawnError: Error {
    var message: String
}
