#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes and checks a build's artifacts under `--out` as one transaction.
///
/// - Every file is computed and staged first (in `.xenpt-stage-<random>/` inside the output
///   folder, through `StagedFile`), then renamed into place; when anything fails, the files
///   already replaced are put back, folders it created are removed and nothing is left behind.
/// - Builds into one folder take an exclusive `flock` on `.xenpt.lock` in it (removed again at
///   the end), so they run one after the other; `--check` takes a shared one when it exists.
/// - A stage left by a build killed with SIGKILL is removed by the next build; SIGINT, SIGTERM,
///   SIGHUP and SIGQUIT are held back while files are staged and committed.
/// - Every path is opened component by component without following links: nothing is read
///   or written outside the output folder, even through a link planted inside it.
/// - Files named like artifacts in a folder the build writes to, that the build no longer
///   produces (`dom0less.dts` after `dom0less:` went away), are removed, and `--check`
///   reports them as unexpected.
public enum OutputFolder {
    /// What happened to one file.
    public enum Outcome: String, Sendable { case written, unchanged, removed }

    /// The lock file's name.
    static let lockName = ".xenpt.lock"
    /// The prefix of staging folders.
    static let stagePrefix = ".xenpt-stage-"

    /// Writes `artifacts` under `root`, removing stale artifact-named files beside them.
    /// `artifactNames` are the file names a build can produce; `waiting` runs once when
    /// another build holds the folder.
    public static func write(_ artifacts: [Artifact], to root: String, artifactNames: Set<String>,
                             waiting: () -> Void = {}) throws(OutputError) -> [(path: String, outcome: Outcome)] {
        try write(artifacts, to: root, artifactNames: artifactNames, waiting: waiting, failingRename: nil)
    }

    /// `write`, where the rename of changed file number `failingRename` (from 0) fails as if the
    /// system had refused it, so tests can show that a failed commit is undone.
    static func write(_ artifacts: [Artifact], to root: String, artifactNames: Set<String>,
                      waiting: () -> Void, failingRename: Int?) throws(OutputError) -> [(path: String, outcome: Outcome)] {
        try validate(artifacts, root: root)
        let signals = SignalDeferral()
        defer { signals.end() }
        let created = try makeFolder(root)
        var result: Result<[(path: String, outcome: Outcome)], OutputError>
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor < 0 {
            result = .failure(.system(root))
        } else if faccessat(descriptor, ".", W_OK, 0) != 0 {
            // A read-only folder is fine as long as nothing in it needs to change.
            let reason = OutputError.system(root)
            result = Result { () throws(OutputError) in
                let walk = FolderWalk(root: descriptor, display: root)
                let survey = try OutputSurvey(artifacts, walk: walk, artifactNames: artifactNames)
                guard survey.changed.isEmpty && survey.unexpected.isEmpty else { throw reason }
                return survey.unchanged.sorted().map { (path: $0, outcome: Outcome.unchanged) }
            }
            close(descriptor)
        } else {
            do throws(OutputError) {
                let lock = try acquireLock(descriptor, display: root, exclusive: true, waiting: waiting)
                result = Result { () throws(OutputError) in
                    try transaction(artifacts, root: descriptor, display: root, artifactNames: artifactNames, failingRename: failingRename)
                }
                unlinkat(descriptor, lockName, 0)
                if let lock { close(lock) }
            } catch {
                result = .failure(error)
            }
            close(descriptor)
        }
        if case .failure = result { for folder in created.reversed() { rmdir(folder) } }
        return try result.get()
    }

    /// How the files under `root` differ from `artifacts`: missing, stale and unexpected
    /// files, exactly as `write` would change them. Writes nothing.
    public static func check(_ artifacts: [Artifact], under root: String, artifactNames: Set<String>,
                             waiting: () -> Void = {}) throws(OutputError) -> [OutputDifference] {
        try validate(artifacts, root: root)
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return artifacts.map { .missing($0.path) } }
            throw .system(root)
        }
        defer { close(descriptor) }
        let lock = try acquireLock(descriptor, display: root, exclusive: false, waiting: waiting)
        defer { if let lock { close(lock) } }
        let walk = FolderWalk(root: descriptor, display: root)
        let survey = try OutputSurvey(artifacts, walk: walk, artifactNames: artifactNames)
        return survey.differences
    }

    // MARK: - Transaction

    private static func transaction(_ artifacts: [Artifact], root: Int32, display: String,
                                    artifactNames: Set<String>, failingRename: Int?) throws(OutputError) -> [(path: String, outcome: Outcome)] {
        for entry in FolderWalk.entries(root) where entry.name.hasPrefix(stagePrefix) {
            FolderWalk.removeTree(root, entry.name)
        }
        let walk = FolderWalk(root: root, display: display)
        let survey = try OutputSurvey(artifacts, walk: walk, artifactNames: artifactNames)
        for leftover in survey.leftovers { unlinkat(leftover.folder, leftover.name, 0) }
        var outcomes = survey.unchanged.map { (path: $0, outcome: Outcome.unchanged) }
        if survey.changed.isEmpty && survey.unexpected.isEmpty { return outcomes.sorted { $0.path < $1.path } }

        var stageName = ""
        for _ in 0..<16 {
            stageName = stagePrefix + StagedFile.randomSuffix()
            if mkdirat(root, stageName, 0o700) == 0 { break }
            guard errno == EEXIST else { throw .system(walk.display(stageName)) }
        }
        let stage = openat(root, stageName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard stage >= 0 else {
            FolderWalk.removeTree(root, stageName)
            throw .system(walk.display(stageName))
        }
        defer {
            close(stage)
            FolderWalk.removeTree(root, stageName)
        }
        do throws(OutputError) {
            try commit(survey, walk: walk, stage: stage, failingRename: failingRename)
        } catch {
            walk.removeCreated()
            throw error
        }
        outcomes += survey.changed.map { (path: $0.artifact.path, outcome: Outcome.written) }
        outcomes += survey.unexpected.map { (path: $0, outcome: Outcome.removed) }
        return outcomes.sorted { $0.path < $1.path }
    }

    /// One step of a commit, kept to undo it.
    private enum Step {
        case created(folder: Int32, name: String)
        case replaced(folder: Int32, name: String, backup: String)
        case removed(folder: Int32, name: String, backup: String)
    }

    private static func commit(_ survey: OutputSurvey, walk: FolderWalk, stage: Int32, failingRename: Int?) throws(OutputError) {
        var stageInfo = stat()
        fstat(stage, &stageInfo)
        // Stage every file.
        var staged: [StagedFile] = []
        func abandonAll() { for index in staged.indices { staged[index].abandon() } }
        for change in survey.changed {
            if deferredSignal != 0 {
                abandonAll()
                throw OutputError(path: walk.rootDisplay, reason: "interrupted")
            }
            switch StagedFile.create(in: stage, for: change.name, displayPath: walk.display(change.artifact.path)) {
            case .success(var file):
                file.write(change.artifact.bytes)
                if let error = file.finish() {
                    abandonAll()
                    throw error
                }
                staged.append(file)
            case .failure(let error):
                abandonAll()
                throw error
            }
        }
        // Folders, on the stage's file system, and backups of what will be replaced or removed.
        var folders: [Int32] = []
        var backups: [String?] = []
        var removals: [(folder: Int32, name: String)] = []
        do throws(OutputError) {
            for change in survey.changed {
                guard let folder = try walk.folder(change.folder, create: true) else {
                    throw OutputError(path: walk.display(change.folder.joined(separator: "/")), reason: "cannot be created")
                }
                var info = stat()
                fstat(folder, &info)
                guard info.st_dev == stageInfo.st_dev else {
                    throw OutputError(path: walk.display(change.folder.joined(separator: "/")),
                                      reason: "is on another file system than the output folder")
                }
                folders.append(folder)
                backups.append(change.existing == nil ? nil : try backup(change.name, in: folder, bytes: change.existing ?? [],
                                                                         stage: stage, display: walk.display(change.artifact.path)))
            }
            for path in survey.unexpected {
                let parts = path.split(separator: "/").map(String.init)
                guard let folder = try walk.folder(Array(parts.dropLast()), create: false) else { continue }
                removals.append((folder, parts[parts.count - 1]))
            }
        } catch {
            abandonAll()
            throw error
        }
        if deferredSignal != 0 {
            abandonAll()
            throw OutputError(path: walk.rootDisplay, reason: "interrupted")
        }
        // Commit: renames only; undone in reverse on the first failure.
        var done: [Step] = []
        func undo() {
            for step in done.reversed() {
                switch step {
                case let .created(folder, name): unlinkat(folder, name, 0)
                case let .replaced(folder, name, backup), let .removed(folder, name, backup): renameat(stage, backup, folder, name)
                }
            }
        }
        for (index, change) in survey.changed.enumerated() {
            let injected = index == failingRename ? OutputError(path: walk.display(change.artifact.path), reason: "input/output error") : nil
            if let error = injected ?? staged[index].commit(to: folders[index], as: change.name) {
                if injected != nil { staged[index].abandon() }
                for later in staged.indices where later > index { staged[later].abandon() }
                undo()
                throw error
            }
            done.append(backups[index].map { .replaced(folder: folders[index], name: change.name, backup: $0) }
                        ?? .created(folder: folders[index], name: change.name))
        }
        for (index, removal) in removals.enumerated() {
            let backup = "removed-\(index)"
            guard renameat(removal.folder, removal.name, stage, backup) == 0 else {
                let error = OutputError.system(walk.display(survey.unexpected[index]))
                undo()
                throw error
            }
            done.append(.removed(folder: removal.folder, name: removal.name, backup: backup))
        }
        for folder in Set(folders + removals.map(\.folder)) { fsync(folder) }
    }

    /// Keeps the current `name` in `folder` in the stage (a hard link, or a copy of `bytes`
    /// where links are not possible) so a failed commit can put it back; returns its name.
    private static func backup(_ name: String, in folder: Int32, bytes: [UInt8], stage: Int32, display: String) throws(OutputError) -> String {
        let linked = "backup-\(StagedFile.randomSuffix())"
        if linkat(folder, name, stage, linked, 0) == 0 { return linked }
        var info = stat()
        fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW)
        switch StagedFile.create(in: stage, for: "backup-" + name, displayPath: display) {
        case .success(var file):
            file.write(bytes)
            if let error = file.finish() { throw error }
            fchmodat(stage, file.name, info.st_mode & 0o7777, 0)
            return file.name
        case .failure(let error):
            throw error
        }
    }

    // MARK: - Folder, lock, names

    /// Creates `path` and its missing parents; returns the folders created, outermost first.
    private static func makeFolder(_ path: String) throws(OutputError) -> [String] {
        var missing: [String] = []
        var current = PathNormalizer.normalize(path)
        var info = stat()
        while stat(current, &info) != 0 {
            guard errno == ENOENT else { throw .system(current) }
            missing.append(current)
            let parent = PathNormalizer.directory(of: current)
            if parent == current { break }
            current = parent
        }
        var created: [String] = []
        for folder in missing.reversed() {
            guard mkdir(folder, 0o777) == 0 || errno == EEXIST else {
                let error = OutputError.system(folder)
                for made in created.reversed() { rmdir(made) }
                throw error
            }
            created.append(folder)
        }
        return created
    }

    /// Takes the folder's lock: exclusive (creating the lock file) or shared (only when a lock
    /// file exists; nil otherwise). Retries when the holder removed the file meanwhile.
    private static func acquireLock(_ root: Int32, display: String, exclusive: Bool, waiting: () -> Void) throws(OutputError) -> Int32? {
        var announced = false
        while true {
            let flags = exclusive ? (O_RDWR | O_CREAT) : O_RDONLY
            let descriptor = openat(root, lockName, flags | O_CLOEXEC | O_NOFOLLOW, 0o666)
            guard descriptor >= 0 else {
                if !exclusive && errno == ENOENT { return nil }
                throw .system(PathNormalizer.join(display, lockName))
            }
            let operation = exclusive ? LOCK_EX : LOCK_SH
            if flock(descriptor, operation | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK else {
                    let error = OutputError.system(PathNormalizer.join(display, lockName))
                    close(descriptor)
                    throw error
                }
                if !announced { waiting() }
                announced = true
                while flock(descriptor, operation) != 0 {
                    guard errno == EINTR, deferredSignal == 0 else {
                        let error = deferredSignal != 0 ? OutputError(path: display, reason: "interrupted")
                            : OutputError.system(PathNormalizer.join(display, lockName))
                        close(descriptor)
                        throw error
                    }
                }
            }
            var held = stat()
            var named = stat()
            fstat(descriptor, &held)
            if fstatat(root, lockName, &named, AT_SYMLINK_NOFOLLOW) == 0, named.st_ino == held.st_ino, named.st_dev == held.st_dev {
                return descriptor
            }
            close(descriptor)
            if !exclusive && errno == ENOENT { return nil }
        }
    }

    /// Refuses artifact paths that are not plain relative paths below the output folder.
    private static func validate(_ artifacts: [Artifact], root: String) throws(OutputError) {
        for artifact in artifacts {
            let parts = artifact.path.split(separator: "/", omittingEmptySubsequences: false)
            if artifact.path.hasPrefix("/") || parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.utf8.contains(0) }) {
                throw OutputError(path: artifact.path, reason: "is not a path inside \(root)")
            }
        }
    }
}

/// The signal caught while `SignalDeferral` holds signals back (0 for none).
nonisolated(unsafe) var deferredSignal: Int32 = 0

/// Holds back SIGINT, SIGTERM, SIGHUP and SIGQUIT: they are recorded, and delivered again by
/// `end()`, after the work is finished or undone. System calls they interrupt return EINTR.
/// They are unblocked meanwhile, so a stop request is honoured even when the parent's mask
/// blocked them.
struct SignalDeferral {
    private static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    private var previous: [sigaction] = []

    private var previousMask = sigset_t()

    init() {
        deferredSignal = 0
        // A mask inherited from the parent (a runner's thread, say) must not hide them.
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in Self.signals { sigaddset(&mask, signal) }
        pthread_sigmask(SIG_UNBLOCK, &mask, &previousMask)
        for signal in Self.signals {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = { deferredSignal = $0 }
            #else
            action.__sigaction_u.__sa_handler = { deferredSignal = $0 }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous.append(old)
        }
    }

    /// Restores the handlers and raises the signal that arrived meanwhile, if any.
    func end() {
        for (signal, old) in zip(Self.signals, previous) {
            var old = old
            sigaction(signal, &old, nil)
        }
        let pending = deferredSignal
        deferredSignal = 0
        if pending != 0 { raise(pending) }
        var mask = previousMask
        pthread_sigmask(SIG_SETMASK, &mask, nil)
    }
}
