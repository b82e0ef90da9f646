// xenpt-bench: times `xenpt dt compile`/`decompile` against dtc on a generated SoC tree.
//
//   swift build -c release --product xenpt && swift build -c release --product xenpt-bench
//   (one --product per build: given two, swift build builds only the last)
//   .build/release/xenpt-bench [--runs 11] [--nodes 20000] [--xenpt PATH] [--dtc PATH]
//                              [--work DIR] [--skip-compile] [--skip-hot-spots]
//                              [--skip-planning] [--fleet-boards 150]
//
// After the SoC tree, one small source per former super-linear hot spot of the compiler
// (80k cells on one line, 80k references, 80k value labels, a 4 MiB string, 1000 levels of
// nesting) is compiled by both tools: each must stay within a constant factor of dtc.
//
// Each step runs N times per tool, alternating tools (and which goes first) so machine noise
// hits both; each child is reaped with wait4 so its own peak RSS is read. Outputs must be
// byte-identical to dtc's on every run, or the bench fails with exit code 1.
//
// Then the planning cases (PlanningBench.swift): `xenpt survey` and `xenpt lint` of one guest on
// the SoC tree (from dtc's DTB, and from the DTS with an empty and with a primed cache of
// compiled host trees), a fleet of SoC-shaped boards with cpp includes and 10 guests each
// (and half of it, for the scaling), and peak memory against the DTB size. Each prints its
// median wall time with the target beside it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Command-line settings.
struct BenchOptions {
    var runs = 11
    var nodes = 20_000
    var xenpt: String?
    var dtc: String?
    var work: String?
    var skipCompile = false
    var skipHotSpots = false
    var skipPlanning = false
    var fleetBoards = 150

    static func parse(_ arguments: ArraySlice<String>) -> Result<BenchOptions, BenchFailure> {
        var options = BenchOptions()
        var rest = arguments
        while let flag = rest.popFirst() {
            func value() -> String? { rest.popFirst() }
            switch flag {
            case "--runs":
                guard let text = value(), let runs = Int(text), runs > 0 else { return .failure(BenchFailure("--runs needs a positive number")) }
                options.runs = runs
            case "--nodes":
                guard let text = value(), let nodes = Int(text), nodes >= 100 else { return .failure(BenchFailure("--nodes needs a number of at least 100")) }
                options.nodes = nodes
            case "--xenpt":
                guard let path = value() else { return .failure(BenchFailure("--xenpt needs a path")) }
                options.xenpt = path
            case "--dtc":
                guard let path = value() else { return .failure(BenchFailure("--dtc needs a path")) }
                options.dtc = path
            case "--work":
                guard let path = value() else { return .failure(BenchFailure("--work needs a folder")) }
                options.work = path
            case "--skip-compile":
                options.skipCompile = true
            case "--skip-hot-spots":
                options.skipHotSpots = true
            case "--skip-planning":
                options.skipPlanning = true
            case "--fleet-boards":
                guard let text = value(), let boards = Int(text), boards >= 2 else { return .failure(BenchFailure("--fleet-boards needs a number of at least 2")) }
                options.fleetBoards = boards
            case "-h", "--help":
                return .failure(BenchFailure("usage: xenpt-bench [--runs N] [--nodes N] [--xenpt PATH] [--dtc PATH] [--work DIR] [--skip-compile] [--skip-hot-spots] [--skip-planning] [--fleet-boards N]"))
            default:
                return .failure(BenchFailure("unknown argument \(flag)"))
            }
        }
        return .success(options)
    }
}

/// Why the bench stopped.
struct BenchFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Timings of one tool on one step.
struct Samples {
    var seconds: [Double] = []
    var peakKiB: [Int] = []

    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    var maxPeakKiB: Int { peakKiB.max() ?? 0 }
}

/// One measured step: a dtc command and the xenpt command that must produce the same file.
struct Step {
    var name: String
    var dtc: [String]
    var xenpt: [String]
    var dtcOutput: String
    var xenptOutput: String
    var timeTarget: Double
    /// The largest peak RSS ratio xenpt/dtc accepted.
    var memoryTarget: Double = 1.0
}

/// Sources shaped like the inputs that once cost xenpt super-linear time, each with the
/// time factor over dtc it must stay within (the fixed cost of starting xenpt dominates).
func hotSpotSources() -> [(name: String, text: String)] {
    let count = 80_000
    var cells = "/dts-v1/;\n/ {\n\tp = <"
    for index in 0..<count { cells += (index == 0 ? "" : " ") + String(index) }
    cells += ">;\n};\n"
    var references = "/dts-v1/;\n/ {\n\tp = <"
    for index in 0..<count { references += (index == 0 ? "" : " ") + "&l" }
    references += ">;\n\tl: n { };\n};\n"
    var labels = "/dts-v1/;\n/ {\n\tp = <"
    for index in 0..<count { labels += " v\(index): \(index)" }
    labels += ">;\n};\n"
    let string = "/dts-v1/;\n/ {\n\tp = \"" + String(repeating: "abcdefgh", count: 1 << 19) + "\";\n};\n"
    let depth = 1000
    var nesting = "/dts-v1/;\n/ {\n"
    for _ in 0..<depth { nesting += "n {\n" }
    nesting += "p = <1>;\n"
    for _ in 0..<depth { nesting += "};\n" }
    nesting += "};\n"
    return [("80k cells on one line", cells), ("80k references on one line", references), ("80k value labels", labels),
            ("4 MiB string", string), ("1000 levels of nesting", nesting)]
}

func readWholeFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
}

/// How two files compare.
enum FileComparison {
    case none
    case unreadable
    case differ(at: Int)
}

/// Compares two files in 64 KiB pieces, so this process never holds either whole file.
func firstDifference(_ first: String, _ second: String) -> FileComparison {
    guard let a = fopen(first, "rb") else { return .unreadable }
    defer { fclose(a) }
    guard let b = fopen(second, "rb") else { return .unreadable }
    defer { fclose(b) }
    var left = [UInt8](repeating: 0, count: 1 << 16)
    var right = [UInt8](repeating: 0, count: 1 << 16)
    var offset = 0
    while true {
        let leftCount = left.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, a) }
        let rightCount = right.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, b) }
        for index in 0..<min(leftCount, rightCount) where left[index] != right[index] {
            return .differ(at: offset + index)
        }
        if leftCount != rightCount { return .differ(at: offset + min(leftCount, rightCount)) }
        if leftCount == 0 { return .none }
        offset += leftCount
    }
}

func writeWholeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    guard let file = fopen(path, "wb") else { return false }
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    return fclose(file) == 0 && written == bytes.count
}

func findOnPath(_ name: String) -> String? {
    guard let path = getenv("PATH") else { return nil }
    for folder in String(cString: path).split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}

/// The folder holding this executable (where `swift build` also puts `xenpt`).
func ownFolder() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
}

func runOnce(_ command: [String], stderrPath: String) throws(BenchFailure) -> ChildRun {
    switch ChildRun.run(command, stdoutPath: nil, stderrPath: stderrPath) {
    case .failure(let error):
        throw BenchFailure(error.message)
    case .success(let run):
        guard run.status == 0 else {
            let stderr = readWholeFile(stderrPath).map { String(decoding: $0.prefix(2000), as: UTF8.self) } ?? ""
            throw BenchFailure("`\(command.joined(separator: " "))` exited with \(run.status)\n\(stderr)")
        }
        return run
    }
}

func measure(_ step: Step, runs: Int, work: String) throws(BenchFailure) -> (dtc: Samples, xenpt: Samples) {
    var dtc = Samples()
    var xenpt = Samples()
    for index in 0..<runs {
        let order: [Bool] = index % 2 == 0 ? [true, false] : [false, true]
        for isDTC in order {
            let run = try runOnce(isDTC ? step.dtc : step.xenpt, stderrPath: "\(work)/stderr.txt")
            if isDTC {
                dtc.seconds.append(run.seconds)
                dtc.peakKiB.append(run.peakKiB)
            } else {
                xenpt.seconds.append(run.seconds)
                xenpt.peakKiB.append(run.peakKiB)
            }
        }
        switch firstDifference(step.dtcOutput, step.xenptOutput) {
        case .none:
            break
        case .unreadable:
            throw BenchFailure("\(step.name): cannot read the outputs \(step.dtcOutput) and \(step.xenptOutput)")
        case .differ(let at):
            throw BenchFailure("\(step.name): xenpt output differs from dtc's at byte \(at); compare \(step.xenptOutput) with \(step.dtcOutput)")
        }
    }
    return (dtc, xenpt)
}

func format(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let fraction = text.distance(from: dot, to: text.endIndex) - 1
        if fraction < decimals { text += String(repeating: "0", count: decimals - fraction) }
    } else if decimals > 0 {
        text += "." + String(repeating: "0", count: decimals)
    }
    return text
}

/// The SoC compile step's name (its throughput is printed in MB/s too).
let compileStepName = "compile (DTS → DTB)"

func bench() throws(BenchFailure) {
    let options: BenchOptions
    switch BenchOptions.parse(CommandLine.arguments.dropFirst()) {
    case .success(let parsed): options = parsed
    case .failure(let failure): throw failure
    }
    guard let dtcPath = options.dtc ?? findOnPath("dtc") else { throw BenchFailure("dtc not found on PATH; pass --dtc") }
    let xenptPath = options.xenpt ?? "\(ownFolder())/xenpt"
    guard access(xenptPath, X_OK) == 0 else { throw BenchFailure("\(xenptPath) is not executable; build it or pass --xenpt") }

    let work: String
    if let given = options.work {
        mkdir(given, 0o755)
        work = given
    } else {
        var template = Array("/tmp/xenpt-bench-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchFailure("cannot create a work folder in /tmp")
        }
        work = String(cString: made)
    }

    let dtsPath = "\(work)/soc.dts"
    // The source is dropped once written, so this process stays small while children run.
    let sourceSize: Int = {
        let source = Array(SoCSource(nodeCount: options.nodes).text().utf8)
        return writeWholeFile(dtsPath, source) ? source.count : -1
    }()
    guard sourceSize >= 0 else { throw BenchFailure("cannot write \(dtsPath)") }
    let dtbPath = "\(work)/dtc.dtb"
    // The decompile input is dtc's own blob of the source.
    _ = try runOnce([dtcPath, "-I", "dts", "-O", "dtb", "-o", dtbPath, dtsPath], stderrPath: "\(work)/stderr.txt")
    let dtbSize = readWholeFile(dtbPath)?.count ?? 0

    var steps: [Step] = []
    if !options.skipCompile {
        steps.append(Step(
            name: compileStepName,
            dtc: [dtcPath, "-I", "dts", "-O", "dtb", "-o", "\(work)/dtc-out.dtb", dtsPath],
            xenpt: [xenptPath, "dt", "compile", dtsPath, "-o", "\(work)/xenpt-out.dtb"],
            dtcOutput: "\(work)/dtc-out.dtb", xenptOutput: "\(work)/xenpt-out.dtb", timeTarget: 0.25
        ))
    }
    steps.append(Step(
        name: "decompile (DTB → DTS)",
        dtc: [dtcPath, "-I", "dtb", "-O", "dts", "-o", "\(work)/dtc-out.dts", dtbPath],
        xenpt: [xenptPath, "dt", "decompile", dtbPath, "-o", "\(work)/xenpt-out.dts"],
        dtcOutput: "\(work)/dtc-out.dts", xenptOutput: "\(work)/xenpt-out.dts", timeTarget: 1.0
    ))

    if !options.skipHotSpots {
        for (index, hotSpot) in hotSpotSources().enumerated() {
            let source = "\(work)/hot-\(index).dts"
            guard writeWholeFile(source, Array(hotSpot.text.utf8)) else { throw BenchFailure("cannot write \(source)") }
            steps.append(Step(
                name: "compile \(hotSpot.name)",
                dtc: [dtcPath, "-I", "dts", "-O", "dtb", "-o", "\(work)/dtc-hot-\(index).dtb", source],
                xenpt: [xenptPath, "dt", "compile", source, "-o", "\(work)/xenpt-hot-\(index).dtb"],
                dtcOutput: "\(work)/dtc-hot-\(index).dtb", xenptOutput: "\(work)/xenpt-hot-\(index).dtb",
                timeTarget: 25, memoryTarget: 25
            ))
        }
    }

    print("xenpt-bench: \(options.nodes) nodes, DTS \(sourceSize) bytes, DTB \(dtbSize) bytes, \(options.runs) runs per tool, work folder \(work)")
    resetOwnPeakRSS()
    print("(peak RSS per child from wait4; the floor it cannot go below is this process's RSS at spawn, \(format(Double(ownRSSKiB()) / 1024, decimals: 1)) MiB)")
    print("")
    print("| step | dtc median (ms) | xenpt median (ms) | time xenpt/dtc | target | dtc peak RSS (MiB) | xenpt peak RSS (MiB) | RSS xenpt/dtc | outputs |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    var missed: [String] = []
    var compileRate: String?
    for step in steps {
        let (dtc, xenpt) = try measure(step, runs: options.runs, work: work)
        let timeRatio = dtc.median > 0 ? xenpt.median / dtc.median : 0
        let memoryRatio = dtc.maxPeakKiB > 0 ? Double(xenpt.maxPeakKiB) / Double(dtc.maxPeakKiB) : 0
        print("| \(step.name) | \(format(dtc.median * 1000, decimals: 1)) | \(format(xenpt.median * 1000, decimals: 1)) | \(format(timeRatio, decimals: 2))× | ≤ \(format(step.timeTarget, decimals: 2))× | \(format(Double(dtc.maxPeakKiB) / 1024, decimals: 1)) | \(format(Double(xenpt.maxPeakKiB) / 1024, decimals: 1)) | \(format(memoryRatio, decimals: 2))× | identical |")
        if timeRatio > step.timeTarget { missed.append("\(step.name): time ratio \(format(timeRatio, decimals: 2)) above \(format(step.timeTarget, decimals: 2))") }
        if memoryRatio > step.memoryTarget {
            missed.append("\(step.name): peak RSS ratio \(format(memoryRatio, decimals: 2)) above \(format(step.memoryTarget, decimals: 2))")
        }
        if step.name == compileStepName, xenpt.median > 0 {
            let rate = Double(sourceSize) / xenpt.median / 1e6
            compileRate = "compile throughput: xenpt \(format(rate, decimals: 1)) MB/s, dtc \(format(Double(sourceSize) / dtc.median / 1e6, decimals: 1)) MB/s (target ≥ 40 MB/s for xenpt)"
            if rate < 40 { missed.append("compile throughput \(format(rate, decimals: 1)) MB/s below 40 MB/s") }
        }
    }
    if let compileRate {
        print("")
        print(compileRate)
    }
    if !options.skipPlanning {
        let planning = PlanningBench(xenpt: xenptPath, work: work, dtbPath: dtbPath, dtsPath: dtsPath, dtbSize: dtbSize, runs: options.runs,
                                     fleetBoards: options.fleetBoards, dtc: dtcPath)
        missed += try planning.run()
    }
    print("")
    if missed.isEmpty {
        print("all targets met")
    } else {
        for line in missed { print("target missed: \(line)") }
    }
}

do {
    try bench()
} catch {
    let line = Array("xenpt-bench: error: \(error.message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}
