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
        var arguments = ["-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp"]
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
        if process.terminationReason == .uncaughtSignal {
            return .failure(failure("the c preprocessor was stopped by signal \(process.terminationStatus) "
                + "(it may have passed a limit: \(cppMemoryLimit >> 20) MiB of memory, \(cppTimeLimit) s, \(InputFile.treeSizeLimit >> 20) MiB of output)"))
        }
        if process.terminationStatus != 0 {
            let messages = String(decoding: (try? InputFile.read(errorPath, limit: 1 << 20).get()) ?? [], as: UTF8.self)
            return .failure(describe(messages, aliases: aliases))
        }
        switch InputFile.read(outputPath, limit: InputFile.treeSizeLimit) {
        case .success(let data): return .success(Output(text: data, aliases: aliases))
        case .failure(let reason): return .failure(failure("cannot read the c preprocessor's output: \(reason)"))
        }
    }

    /// Turns cpp's first error line (`file:line:col: error: text`) into a located diagnostic.
    private static func describe(_ messages: String, aliases: [String: String]) -> DiagnosticList {
        let lines = messages.split(separator: "\n").map(String.init)
        guard let line = lines.first(where: { $0.contains("error") }) ?? lines.first else {
            return failure("the c preprocessor failed")
        }
        let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 5, let lineNumber = Int(parts[1]), let column = Int(parts[2]) {
            let file = aliases[parts[0]] ?? parts[0]
            let text = parts[4].trimmingCharacters(in: .whitespaces)
            return failure("c preprocessor: \(text)", at: SourceLocation(file: file, line: lineNumber, column: column))
        }
        return failure("c preprocessor: \(line)")
    }
}
