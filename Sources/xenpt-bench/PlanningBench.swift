#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One timed xenpt command with its wall-time target (no dtc twin).
struct PlanningCase {
    /// What the row says.
    var name: String
    /// The command.
    var command: [String]
    /// Wall-time target in seconds for the median.
    var target: Double
    /// The cache folder for the run (`XDG_CACHE_HOME`); `fresh` gives each run an empty one.
    var cache: CacheUse
}

/// How a case uses xenpt's cache of compiled host trees.
enum CacheUse {
    /// A folder primed by one untimed run before the timed ones.
    case warm(String)
    /// A new empty folder for every run (below this folder).
    case fresh(String)
}

/// The planning half of the bench: survey, one-guest lint from DTB and DTS (cold and cached),
/// the fleet, and peak memory against the DTB size.
struct PlanningBench {
    var xenpt: String
    var work: String
    var dtbPath: String
    var dtsPath: String
    var dtbSize: Int
    var runs: Int
    var fleetBoards: Int
    var dtc: String

    /// Lint exits 1 when it has findings to report; both are a finished run.
    static let finished: Set<Int32> = [0, 1]

    func setEnvironment(_ cache: String) {
        setenv("XDG_CACHE_HOME", cache, 1)
    }

    func runCase(_ item: PlanningCase) throws(BenchFailure) -> Samples {
        var samples = Samples()
        switch item.cache {
        case .warm(let folder):
            setEnvironment(folder)
            _ = try runChecked(item.command)
        case .fresh:
            break
        }
        for index in 0..<runs {
            if case .fresh(let folder) = item.cache {
                let run = "\(folder)/run-\(index)"
                mkdir(folder, 0o755)
                mkdir(run, 0o755)
                setEnvironment(run)
            }
            let run = try runChecked(item.command)
            samples.seconds.append(run.seconds)
            samples.peakKiB.append(run.peakKiB)
        }
        return samples
    }

    func runChecked(_ command: [String]) throws(BenchFailure) -> ChildRun {
        let stderrPath = "\(work)/plan-stderr.txt"
        switch ChildRun.run(command, stdoutPath: "\(work)/plan-stdout.txt", stderrPath: stderrPath) {
        case .failure(let error):
            throw BenchFailure(error.message)
        case .success(let run):
            guard Self.finished.contains(run.status) else {
                let stderr = readWholeFile(stderrPath).map { String(decoding: $0.prefix(2000), as: UTF8.self) } ?? ""
                throw BenchFailure("`\(command.joined(separator: " "))` exited with \(run.status)\n\(stderr)")
            }
            return run
        }
    }

    /// Writes the manifests, runs every case and prints the table; returns the missed targets.
    func run() throws(BenchFailure) -> [String] {
        // Manifests sit beside the trees: a manifest reads only inside its workspace root.
        let soc = work
        let device = "/soc/bus@10000000/serial@0"
        let files: [(String, String)] = [
            ("board-dtb.yaml", "board: soc-dtb\nhost: dtc.dtb\nxen: \"4.18\"\n"),
            ("board-dts.yaml", "board: soc-dts\nhost: soc.dts\nxen: \"4.18\"\n"),
            ("guest-dtb.yaml", "guest: one\nboard: board-dtb.yaml\nmemory: 128M\npassthrough:\n  - \(device)\n"),
            ("guest-dts.yaml", "guest: one\nboard: board-dts.yaml\nmemory: 128M\npassthrough:\n  - \(device)\n"),
            ("tiny-board.yaml", "board: tiny\nhost: tiny.dtb\nxen: \"4.18\"\n"),
            ("tiny-guest.yaml", "guest: one\nboard: tiny-board.yaml\nmemory: 128M\npassthrough:\n  - \(device)\n"),
        ]
        for (name, text) in files {
            guard writeWholeFile("\(soc)/\(name)", Array(text.utf8)) else { throw BenchFailure("cannot write \(soc)/\(name)") }
        }
        guard writeWholeFile("\(soc)/tiny.dts", Array(SoCSource(nodeCount: 100).text().utf8)) else { throw BenchFailure("cannot write the tiny tree") }
        _ = try runOnce([dtc, "-I", "dts", "-O", "dtb", "-o", "\(soc)/tiny.dtb", "\(soc)/tiny.dts"], stderrPath: "\(work)/stderr.txt")

        let fleet = FleetSource(boards: fleetBoards)
        let half = FleetSource(boards: max(1, fleetBoards / 2))
        guard fleet.write(to: "\(work)/fleet"), half.write(to: "\(work)/fleet-half") else { throw BenchFailure("cannot write the fleet") }

        let cases: [PlanningCase] = [
            PlanningCase(name: "survey, 20k-node tree (DTB)", command: [xenpt, "survey", "\(soc)/board-dtb.yaml"], target: 0.5, cache: .warm("\(work)/cache")),
            PlanningCase(name: "lint 1 guest, 1 device (DTB)", command: [xenpt, "lint", "\(soc)/guest-dtb.yaml"], target: 0.1, cache: .warm("\(work)/cache")),
            PlanningCase(name: "lint 1 guest, 1 device (DTS, cold)", command: [xenpt, "lint", "\(soc)/guest-dts.yaml"], target: 0.3, cache: .fresh("\(work)/cache-cold")),
            PlanningCase(name: "lint 1 guest, 1 device (DTS, cached)", command: [xenpt, "lint", "\(soc)/guest-dts.yaml"], target: 0.1, cache: .warm("\(work)/cache")),
            PlanningCase(name: "lint tiny board (the memory constant)", command: [xenpt, "lint", "\(soc)/tiny-guest.yaml"], target: 0.1, cache: .warm("\(work)/cache")),
            PlanningCase(name: "lint fleet, \(fleet.boards) boards × \(fleet.guestsPerBoard) guests (cold)", command: [xenpt, "lint", "\(work)/fleet"], target: 1.0,
                         cache: .fresh("\(work)/cache-fleet-cold")),
            PlanningCase(name: "lint fleet, \(fleet.boards) boards × \(fleet.guestsPerBoard) guests (cached)", command: [xenpt, "lint", "\(work)/fleet"], target: 1.0,
                         cache: .warm("\(work)/cache")),
            PlanningCase(name: "lint fleet, \(half.boards) boards × \(half.guestsPerBoard) guests (cached)", command: [xenpt, "lint", "\(work)/fleet-half"],
                         target: 0.5, cache: .warm("\(work)/cache")),
        ]
        print("")
        print("| case | xenpt median (ms) | target (ms) | xenpt peak RSS (MiB) |")
        print("| --- | ---: | ---: | ---: |")
        var missed: [String] = []
        var results: [String: Samples] = [:]
        for item in cases {
            let samples = try runCase(item)
            results[item.name] = samples
            print("| \(item.name) | \(format(samples.median * 1000, decimals: 1)) | ≤ \(format(item.target * 1000, decimals: 0)) | \(format(Double(samples.maxPeakKiB) / 1024, decimals: 1)) |")
            if samples.median > item.target {
                missed.append("\(item.name): \(format(samples.median * 1000, decimals: 1)) ms above \(format(item.target * 1000, decimals: 0)) ms")
            }
        }
        // Memory: the 20k-node lint's peak over the tiny board's, against twice the DTB.
        let big = results[cases[1].name]?.maxPeakKiB ?? 0
        let tiny = results[cases[4].name]?.maxPeakKiB ?? 0
        let surveyPeak = results[cases[0].name]?.maxPeakKiB ?? 0
        let allowance = 2 * dtbSize / 1024
        print("")
        print("peak RSS above the tiny board's (\(format(Double(tiny) / 1024, decimals: 1)) MiB, the constant): lint \(format(Double(big - tiny) / 1024, decimals: 1)) MiB, "
            + "survey \(format(Double(surveyPeak - tiny) / 1024, decimals: 1)) MiB; target ≤ 2 × DTB = \(format(Double(allowance) / 1024, decimals: 1)) MiB")
        if big - tiny > allowance { missed.append("lint peak RSS \(big - tiny) KiB above the constant, over 2 × DTB (\(allowance) KiB)") }
        if surveyPeak - tiny > allowance { missed.append("survey peak RSS \(surveyPeak - tiny) KiB above the constant, over 2 × DTB (\(allowance) KiB)") }
        let fullFleet = results[cases[6].name]?.median ?? 0
        let halfFleet = results[cases[7].name]?.median ?? 0
        if halfFleet > 0 {
            let ratio = fullFleet / halfFleet
            print("fleet scaling: \(fleet.boards) boards take \(format(ratio, decimals: 2))× the time of \(half.boards) (linear: 2.00×, plus a fixed start-up cost that lowers it)")
            if ratio > 2.4 { missed.append("fleet scaling \(format(ratio, decimals: 2))× for twice the boards, above 2.4×") }
        }
        return missed
    }
}
