import Diagnostics
import Foundation

/// Runs the system C preprocessor over a DTS source the way the Linux build does
/// (`cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp -I dir…`).
enum DTSPreprocessor {
    /// cpp's output and the file names in its line markers that stand for the caller's file.
    struct Output {
        /// Preprocessed source with line markers.
        var text: [UInt8]
        /// Marker file name → name to report.
        var aliases: [String: String]
    }

    /// True when a line starts (after blanks) with a cpp directive.
    static func needsPreprocessing(_ source: [UInt8]) -> Bool {
        let directives: [[UInt8]] = ["include", "define", "undef", "if", "ifdef", "ifndef", "elif", "else", "endif", "error", "pragma"].map { Array($0.utf8) }
        var index = 0
        let count = source.count
        var atLineStart = true
        while index < count {
            let byte = source[index]
            if byte == 10 {
                atLineStart = true
                index += 1
                continue
            }
            if atLineStart && (byte == 32 || byte == 9) {
                index += 1
                continue
            }
            if atLineStart && byte == 35 {
                var j = index + 1
                while j < count, source[j] == 32 || source[j] == 9 { j += 1 }
                var k = j
                while k < count, (source[k] >= 97 && source[k] <= 122) { k += 1 }
                let word = Array(source[j..<k])
                let next: UInt8 = k < count ? source[k] : 10
                let endsWord = !(next == 45 || next == 44 || next == 95 || (next >= 48 && next <= 57) || (next >= 65 && next <= 90))
                if endsWord && directives.contains(word) { return true }
            }
            atLineStart = false
            index += 1
        }
        return false
    }

    private static func findCPP() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["CPP"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = directory + "/cpp"
            if FileManager.default.isExecutableFile(atPath: String(candidate)) { return String(candidate) }
        }
        return nil
    }

    private static func failure(_ message: String, at location: SourceLocation? = nil) -> DiagnosticList {
        DiagnosticList([Diagnostic(
            code: "XPT-DTS-PREPROCESSOR", severity: .error, message: message,
            primary: location.map { Label(SourceRange(start: $0)) }
        )])
    }

    /// A failure of cpp as a whole (a limit passed, no memory): it has no line of its own, so it
    /// is shown at the start of the file cpp was run on.
    private static func failure(_ message: String, file: String) -> DiagnosticList {
        DiagnosticList([Diagnostic(
            code: "XPT-DTS-PREPROCESSOR", severity: .error, message: message,
            primary: Label(SourceRange(start: SourceLocation(file: file, line: 1, column: 1)), "while preprocessing this file")
        )])
    }

    /// The most memory cpp may map: 1 GiB.
    static let cppMemoryLimit = 1 << 30
    /// The most CPU time cpp may use, in seconds.
    static let cppTimeLimit = 60
    /// `ulimit -f` for cpp's output, in the 512-byte blocks of POSIX `sh` (64 MiB; a shell
    /// counting 1 KiB blocks allows twice that, and the read of the output is capped anyway).
    static let cppOutputBlocks = InputFile.treeSizeLimit / 512

    /// Runs cpp; `filePath` is the real file when there is one, otherwise the text goes through a
    /// temporary file whose name is mapped back to `fileName`.
    static func run(source: [UInt8], fileName: String, filePath: String?, options: DTSCompileOptions) -> Result<Output, DiagnosticList> {
        guard let cpp = findCPP() else { return .failure(failure("the c preprocessor (cpp) was not found")) }
        let fileManager = FileManager.default
        let work = fileManager.temporaryDirectory.appendingPathComponent("xenpt-cpp-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            return .failure(failure("cannot create a temporary directory for cpp"))
        }
        defer { try? fileManager.removeItem(at: work) }
        var aliases: [String: String] = [:]
        let input: String
        // -H lists every file cpp opens, so a `#include` outside the read roots is caught even
        // when cpp fails on it.
        var arguments = ["-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp", "-H"]
        if let filePath {
            input = filePath
        } else {
            input = work.appendingPathComponent("input.dts").path
            guard fileManager.createFile(atPath: input, contents: Data(source)) else {
                return .failure(failure("cannot write the cpp input file"))
            }
            aliases[input] = fileName
            let directory = (fileName as NSString).deletingLastPathComponent
            arguments += ["-iquote", directory.isEmpty ? "." : directory]
        }
        for directory in options.includeDirectories { arguments += ["-I", directory] }
        for define in options.defines { arguments += ["-D", define] }
        let outputPath = work.appendingPathComponent("output.dts").path
        let errorPath = work.appendingPathComponent("errors.txt").path
        _ = fileManager.createFile(atPath: errorPath, contents: nil)
        arguments += ["-o", outputPath, input]
        let process = Process()
        // cpp reads what it is told to include without bound (`#include "/dev/zero"` grows to
        // gigabytes) and macros can expand exponentially: it runs under limits of memory, CPU
        // time and output size, through the shell's `ulimit`.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(cppMemoryLimit >> 10) && ulimit -t \(cppTimeLimit) && ulimit -f \(cppOutputBlocks) && exec \"$0\" \"$@\"", cpp] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        guard let errorHandle = FileHandle(forWritingAtPath: errorPath) else {
            return .failure(failure("cannot capture cpp errors"))
        }
        process.standardError = errorHandle
        do {
            try process.run()
        } catch {
            return .failure(failure("cannot run cpp: \(error.localizedDescription.lowercased())"))
        }
        process.waitUntilExit()
        try? errorHandle.close()
        let stderr = String(decoding: (try? InputFile.read(errorPath, limit: 1 << 20).get()) ?? [], as: UTF8.self)
        let (opened, messages) = splitHeaderList(stderr)
        let output = try? InputFile.read(outputPath, limit: InputFile.treeSizeLimit).get()
        if let readRoots = options.readRoots, let outside = opened.first(where: { !readRoots.permits($0) }) {
            let site = includeSite(of: outside, in: output ?? [], aliases: aliases)
            return .failure(DiagnosticList([DTSLexer.outsideRoots(
                "included file", name: outside, path: outside,
                at: SourceRange(start: site ?? SourceLocation(file: fileName, line: 1, column: 1)))]))
        }
        if process.terminationReason == .uncaughtSignal {
            return .failure(failure("the c preprocessor was stopped by signal \(process.terminationStatus) "
                + "(it may have passed a limit: \(cppMemoryLimit >> 20) MiB of memory, \(cppTimeLimit) s, \(InputFile.treeSizeLimit >> 20) MiB of output)",
                file: fileName))
        }
        if process.terminationStatus != 0 {
            return .failure(describe(messages, aliases: aliases, file: fileName))
        }
        switch InputFile.read(outputPath, limit: InputFile.treeSizeLimit) {
        case .success(let data): return .success(Output(text: data, aliases: aliases))
        case .failure(let reason): return .failure(failure("cannot read the c preprocessor's output: \(reason)", file: fileName))
        }
    }

    /// The message for a cpp that stopped at one of its limits, from its driver's line: cc1's
    /// `out of memory allocating N bytes after a total of M bytes` (M differs from run to run)
    /// or the driver's `internal compiler error: File size limit exceeded signal terminated
    /// program cc1`; nil for any other line.
    static func passedLimit(_ line: String) -> String? {
        let limits = "limits: \(cppMemoryLimit >> 20) MiB of memory, \(cppTimeLimit) s of CPU time, \(InputFile.treeSizeLimit >> 20) MiB of output"
        if line.contains("out of memory") {
            return "the c preprocessor ran out of memory (\(limits))"
        }
        if let signal = line.range(of: " signal terminated program"), let start = line.range(of: "internal compiler error: ") {
            let what = line[start.upperBound..<signal.lowerBound].lowercased()
            return "the c preprocessor was stopped: \(what) (\(limits))"
        }
        return nil
    }

    /// cpp's standard error split into the files `-H` lists (`. path`, one dot per level) and
    /// the other lines (its messages).
    static func splitHeaderList(_ text: String) -> (opened: [String], messages: String) {
        var opened: [String] = []
        var messages: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let dots = line.prefix { $0 == "." }
            if !dots.isEmpty, line.dropFirst(dots.count).first == " " {
                opened.append(String(line.dropFirst(dots.count + 1)))
            } else {
                messages.append(line)
            }
        }
        return (opened, messages.joined(separator: "\n"))
    }

    /// Where `file` is included, read from cpp's line markers: the line of the including file
    /// that the marker entering `file` (`# 1 "file" 1`) stands at.
    static func includeSite(of file: String, in output: [UInt8], aliases: [String: String]) -> SourceLocation? {
        var current: (file: String, line: Int)?
        for line in output.split(separator: 10, omittingEmptySubsequences: false) {
            if let marker = lineMarker(line) {
                if marker.file == file, marker.flags.contains(1), let current {
                    return SourceLocation(file: aliases[current.file] ?? current.file, line: current.line, column: 1)
                }
                current = (marker.file, marker.line)
            } else if let before = current {
                current = (before.file, before.line + 1)
            }
        }
        return nil
    }

    /// A cpp line marker, `# LINE "FILE" FLAGS…`, or nil.
    static func lineMarker(_ line: ArraySlice<UInt8>) -> (line: Int, file: String, flags: [Int])? {
        guard line.first == 35 else { return nil } // '#'
        let text = String(decoding: line.dropFirst(), as: UTF8.self)
        guard let open = text.firstIndex(of: "\""), let close = text.lastIndex(of: "\""), open < close,
              let number = Int(text[..<open].trimmingCharacters(in: .whitespaces)) else { return nil }
        let flags = text[text.index(after: close)...].split(separator: " ").compactMap { Int($0) }
        return (number, String(text[text.index(after: open)..<close]), flags)
    }

    /// Turns cpp's first error line (`file:line:col: error: text`) into a located diagnostic;
    /// a message without a place (`cc1: out of memory …`) is shown at the start of `file`.
    private static func describe(_ messages: String, aliases: [String: String], file input: String) -> DiagnosticList {
        let lines = messages.split(separator: "\n").map(String.init)
        guard let line = lines.first(where: { $0.contains("error") || $0.contains("out of memory") }) ?? lines.first else {
            return failure("the c preprocessor failed", file: input)
        }
        if let limit = passedLimit(line) { return failure(limit, file: input) }
        // `file:line:column: error: text`, or `file:line: error: text` without a column.
        let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 4, let lineNumber = Int(parts[1]), Int(parts[2]) == nil || parts.count >= 5 {
            let column = Int(parts[2])
            let file = aliases[parts[0]] ?? parts[0]
            let text = parts[(column == nil ? 3 : 4)...].joined(separator: ":").trimmingCharacters(in: .whitespaces)
            return failure("c preprocessor: \(text)", at: SourceLocation(file: file, line: lineNumber, column: column ?? 1))
        }
        return failure("c preprocessor: \(line)", file: input)
    }
}
