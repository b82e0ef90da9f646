import DeviceTree
import Diagnostics
import Foundation

/// `xenpt init`: a first board manifest for a host device tree. It names the tree and the Xen
/// release, and lists, as comments to answer and uncomment, every passthrough candidate with
/// what its class and the tree leave open: whether it masters DMA, how it is reset between
/// guests, and the rates of clocks that are not fixed clocks.
public enum BoardDraft {
    /// The manifest and what it asks.
    public struct Result: Sendable {
        /// The board manifest, YAML.
        public let manifest: String
        /// Passthrough candidates on the board.
        public let candidates: Int
        /// Candidates with at least one open question.
        public let questioned: Int
    }

    /// Drafts the manifest for `hostPath` to be written at `manifestPath` (both as given on
    /// the command line), for release `xen` (the newest known one when nil). The host tree's
    /// includes read only inside the host file's workspace root and `allowedFolders`.
    public static func run(hostPath: String, manifestPath: String, name: String, xen: XenVersion?, schemaRoot: String,
                           allowedFolders: [String] = []) -> (Result?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let (catalog, schemaProblems) = SchemaLoader.load(schemaRoot: schemaRoot, extraDeviceDirectories: [])
        diagnostics += schemaProblems
        guard let catalog else { return (nil, diagnostics) }
        guard let version = xen ?? catalog.versions.last, catalog.release(version) != nil, let release = catalog.release(version) else {
            diagnostics.append(Diagnostic(code: "XPT-E006", severity: .error, message: "Xen \(xen.map { "\($0)" } ?? "release") is not one xenpt knows",
                                          help: ["known releases: " + catalog.versions.map { "\($0)" }.joined(separator: ", ")]))
            return (nil, diagnostics)
        }
        let hostRelative = GuestImporter.relativePath(from: PathNormalizer.directory(of: GuestImporter.absolute(manifestPath)),
                                                      to: GuestImporter.absolute(hostPath))
        var head = "# yaml-language-server: $schema=https://raw.githubusercontent.com/xenpt/xenpt/main/schemas/board.schema.json\n"
        head += "# Written by `xenpt init`. Below `devices:`, each device that could be passed through, with\n"
        head += "# what its host tree and device class leave open: answer, uncomment, then `xenpt survey`.\n"
        head += "# Answers: `dma:` master or none; `reset:` none-needed, reset-controller, power-domain-cycle,\n"
        head += "# firmware or device-specific; `clock-rates:` the rate in Hz the guest's stand-in clock gets.\n"
        head += "board: \(GuestImporter.quote(name))\n"
        head += "host: \(GuestImporter.quote(hostRelative))\n"
        head += "xen: \"\(version)\"\n"

        // Load the board through the same path as every command, from the draft's own text.
        let (root, parseProblems) = YAMLLoader.parse(text: head, file: manifestPath)
        diagnostics += parseProblems
        guard let root, let manifest = ManifestLoader.board(root, file: manifestPath, diagnostics: &diagnostics) else { return (nil, diagnostics) }
        var sources = SourceStore()
        var loadProblems: [Diagnostic] = []
        let loader = WorkspaceLoader(schemaRoot: schemaRoot, allowedFolders: allowedFolders)
        let board = loader.loadBoard(manifest, shipped: catalog, roots: loader.readRoots(for: [hostPath]), sources: &sources, diagnostics: &loadProblems)
        // The draft is not on disk yet: a problem the loader pins on its `host:` line is about the
        // host file, which its message names, so it is shown without a place.
        diagnostics += loadProblems.map { problem in
            guard problem.primary?.range.file == manifestPath else { return problem }
            var moved = problem
            moved.primary = nil
            return moved
        }
        guard let board, !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }

        let rows = Survey.run(board: board, release: release)
        var body = "devices:\n"
        var questioned = 0
        for row in rows {
            guard let node = board.index.node(atPath: row.path) else { continue }
            let policy = DevicePolicy(node: node, board: board)
            var questions: [String] = []
            var answers: [String] = []
            if policy.dma == .unknown {
                questions.append("does it master DMA?")
                answers.append("dma: ANSWER")
            }
            if policy.reset == .unknown {
                questions.append("how is it reset between guests?")
                answers.append("reset: ANSWER")
            }
            let clocks = unknownClockRates(of: node, index: board.index)
            if !clocks.isEmpty {
                questions.append("what rate (Hz) \(clocks.count == 1 ? "has clock" : "have clocks") " + clocks.map { "`\(GuestImporter.shown($0))`" }.joined(separator: ", ") + "?")
                answers.append("clock-rates: { " + clocks.map { "\(GuestImporter.quote($0)): RATE_HZ" }.joined(separator: ", ") + " }")
            }
            guard !questions.isEmpty else { continue }
            questioned += 1
            body += "  # \(GuestImporter.shown(row.path)) (class \(GuestImporter.shown(row.className))): " + questions.joined(separator: " ") + "\n"
            body += "  # \(GuestImporter.quote(row.path)):\n"
            for answer in answers { body += "  #   \(answer)\n" }
        }
        if questioned == 0 { body += "  # nothing open: every candidate's class answers DMA, reset and clocks\n" }
        return (Result(manifest: head + body, candidates: rows.count, questioned: questioned), diagnostics)
    }

    /// Names (from `clock-names`, else indices) of the clocks whose provider is not a fixed clock with a rate.
    static func unknownClockRates(of node: NodeID, index: DeviceTreeIndex) -> [String] {
        guard let links = try? index.links("clocks", of: node, shape: .withArguments(cellsProperty: "#clock-cells", defaultCells: nil)) else { return [] }
        let names = index.property("clock-names", of: node)?.strings ?? []
        return links.compactMap { link in
            if GuestPlanner.fixedClockRate(of: link.provider, in: index) != nil { return nil }
            return link.index < names.count ? names[link.index] : String(link.index)
        }
    }
}
