import Foundation

/// What a finished subprocess left behind.
public struct ProcessOutput: Sendable, Hashable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: [UInt8]
    /// Everything written to standard error.
    public var stderr: [UInt8]

    /// Standard output as UTF-8 text.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs external programs for tests.
public enum Subprocess {
    /// Failures to start a program.
    public enum Failure: Error, CustomStringConvertible {
        /// No executable of that name on `PATH`.
        case notFound(String)

        /// A one-line explanation.
        public var description: String {
            switch self {
            case let .notFound(name): "executable not found: \(name)"
            }
        }
    }

    /// Runs `executable` (a path, or a name looked up on `PATH`) with `args`, feeding it
    /// `stdin` (nothing when nil), and waits for it to finish.
    ///
    /// Output goes through temporary files, so a chatty program can never block on a full pipe.
    public static func run(
        _ executable: String,
        args: [String] = [],
        stdin: [UInt8]? = nil,
        currentDirectory: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> ProcessOutput {
        guard let path = Oracle.find(executable) else { throw Failure.notFound(executable) }
        return try TemporaryDirectory.with(prefix: "subprocess") { directory in
            let inputURL = directory.appendingPathComponent("stdin")
            let outputURL = directory.appendingPathComponent("stdout")
            let errorURL = directory.appendingPathComponent("stderr")
            try Data(stdin ?? []).write(to: inputURL)
            try Data().write(to: outputURL)
            try Data().write(to: errorURL)
            let input = try FileHandle(forReadingFrom: inputURL)
            let output = try FileHandle(forWritingTo: outputURL)
            let error = try FileHandle(forWritingTo: errorURL)
            defer {
                try? input.close()
                try? output.close()
                try? error.close()
            }

            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = args
            process.standardInput = input
            process.standardOutput = output
            process.standardError = error
            if let currentDirectory { process.currentDirectoryURL = currentDirectory }
            if let environment { process.environment = environment }
            try process.run()
            process.waitUntilExit()

            let status = process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus
                : process.terminationStatus
            return ProcessOutput(
                status: status,
                stdout: [UInt8](try Data(contentsOf: outputURL)),
                stderr: [UInt8](try Data(contentsOf: errorURL))
            )
        }
    }
}
