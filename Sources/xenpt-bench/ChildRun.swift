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

        // A spawned child starts on this process's memory map, and Linux carries that map's
        // peak RSS into the child's ru_maxrss at exec; resetting our own peak to our current
        // RSS (clear_refs 5) keeps that floor at what this small process actually holds.
        resetOwnPeakRSS()
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

/// Resets this process's peak RSS to its current RSS (Linux `/proc/self/clear_refs`).
func resetOwnPeakRSS() {
    #if canImport(Glibc)
    // Hand freed heap pages back first, so "current RSS" is what this process really uses.
    _ = glibcMallocTrim(0)
    #endif
    let descriptor = open("/proc/self/clear_refs", O_WRONLY)
    guard descriptor >= 0 else { return }
    _ = write(descriptor, "5", 1)
    close(descriptor)
}

#if canImport(Glibc)
/// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module does not import).
@_silgen_name("malloc_trim")
func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// This process's current resident set in KiB (`VmRSS` in `/proc/self/status`), or 0.
func ownRSSKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") {
            return Int(text.dropFirst(6).filter { $0.isNumber }) ?? 0
        }
    }
    return 0
}

/// A child that could not be started or reaped.
struct SpawnError: Error {
    var message: String
}
