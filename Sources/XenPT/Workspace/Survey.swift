import Foundation
import DeviceTree
import Diagnostics

/// One host device and whether it can be given to a guest on its own.
public struct SurveyRow: Sendable {
    /// Host path.
    public let path: String
    /// Device class applied.
    public let className: String
    /// DMA capability from the class (or annotation).
    public let dma: String
    /// How it is protected, in a few words.
    public let protection: String
    /// GIC INTIDs it would get.
    public let interruptIDs: [UInt32]
    /// Worst severity of the findings (nil when clean).
    public let worst: Severity?
    /// Names of the error findings, sorted.
    public let errors: [String]
    /// Names of the warning findings, sorted.
    public let warnings: [String]
}

/// `xenpt survey`: every memory-mapped device of a board, planned alone for a guest of the
/// chosen Xen release, so integrators see up front what can be passed through and why not.
public enum Survey {
    /// Nodes that are platform infrastructure, never passthrough candidates.
    static func isCandidate(_ node: NodeID, index: DeviceTreeIndex, gic: Set<NodeID>) -> Bool {
        let value = index.node(node)
        guard node != index.root, !gic.contains(node), value.property("compatible") != nil,
              GuestPropertyRules.isCPUVisible(node, in: index) else { return false }
        let compatibles = index.compatibles(node)
        if compatibles.contains("simple-bus") || value.property("device_type")?.string == "memory" { return false }
        if value.property("mmu-masters") != nil || value.property("#iommu-cells") != nil { return false }
        if index.path(node).hasPrefix("/cpus") { return false }
        // Only top-level devices: a candidate inside another candidate goes with its parent.
        var ancestor = index.parent(node)
        while let current = ancestor, current != index.root {
            if index.property("compatible", of: current) != nil, !index.compatibles(current).contains("simple-bus"),
               GuestPropertyRules.isCPUVisible(current, in: index) { return false }
            ancestor = index.parent(current)
        }
        return true
    }

    /// Surveys every candidate of a board for a release: each device is planned as a guest of
    /// its own with a manifest's defaults, through the same request and checks as `xenpt lint`.
    public static func run(board: Board, release: XenRelease) -> [SurveyRow] {
        let index = board.index
        // The facts and the request are the board's, built once; each device only swaps itself in.
        let facts = board.hostFacts(release)
        var request = guestPlanRequest(devices: [], board: board, release: release)
        var rows: [SurveyRow] = []
        for node in index.allNodes where isCandidate(node, index: index, gic: facts.gicNodes) {
            let path = index.path(node)
            request.devices = [deviceRequest(for: node, board: board)]
            let plan = Linter.planAndCheck(request, facts: facts)
            let policy = plan.devices.first?.policy ?? DevicePolicy(node: node, board: board)
            let serious = plan.diagnostics.filter { $0.severity > .info }
            func names(_ severity: Severity) -> [String] {
                Set(serious.filter { $0.severity == severity }.map { RuleRegistry.rule($0.code)?.name ?? $0.code }).sorted()
            }
            let protection: String
            switch plan.devices.first?.protection {
            case .iommu(let iommu, _)?: protection = "iommus " + iommu
            case .legacyMaster(let smmu, _)?: protection = "mmu-masters " + smmu
            default: protection = "none"
            }
            rows.append(SurveyRow(path: path, className: policy.className, dma: policy.dma.rawValue, protection: protection,
                                  interruptIDs: plan.interruptIDs, worst: serious.map(\.severity).max(),
                                  errors: names(.error), warnings: names(.warning)))
        }
        return rows
    }

    /// The request `xenpt survey` plans with: a guest named `survey` that asks for nothing but
    /// these devices (one at a time: the same as `xenpt lint` of a manifest listing only it).
    static func guestPlanRequest(devices: [DeviceRequest], board: Board, release: XenRelease) -> PlanRequest {
        board.planRequest(GuestSettings(name: "survey", release: release), devices: devices)
    }

    /// How the survey guest asks for a device: by its path, at the top of the board manifest.
    static func deviceRequest(for node: NodeID, board: Board) -> DeviceRequest {
        let reference = Located(board.index.path(node), range: SourceRange(start: SourceLocation(file: board.manifest.file, line: 1, column: 1)), path: DataPath())
        return board.deviceRequest(node, reference: reference)
    }

    /// The board checks as `survey` prints them under its table: one line per finding with
    /// its severity, code, name, message and host node, or one line saying there is none.
    public static func boardChecks(_ findings: [Diagnostic]) -> String {
        guard !findings.isEmpty else { return "\nboard checks (what Xen itself needs): none raised\n" }
        var out = "\nboard checks (what Xen itself needs): \(SeverityCounts(findings).summary)\n"
        for finding in findings {
            let name = RuleRegistry.rule(finding.code)?.name ?? finding.code
            // Messages and paths carry names from the tree: no control character reaches the terminal.
            out += PrintableText.escaped("  \(finding.severity.rawValue)[\(finding.code)] \(name): \(finding.message) (\(finding.devicePath ?? "/"))") + "\n"
        }
        return out
    }

    /// The survey as a table.
    public static func table(_ rows: [SurveyRow], board: Board, release: XenRelease) -> String {
        var out = "board `\(board.name)` (\(board.manifest.host.value)), Xen \(release.version): \(rows.count) devices\n"
        let classed = rows.filter { $0.className != "generic" }.count
        out += "\(classed) of \(rows.count) devices have a class\n\n"
        let headers = ["device", "class", "dma", "iommu", "irqs", "verdict"]
        let cells = rows.map { row -> [String] in
            var verdict = row.errors.isEmpty ? "ok" : "blocked: " + row.errors.joined(separator: ", ")
            if !row.warnings.isEmpty { verdict += (row.errors.isEmpty ? " with " : "; ") + "warnings: " + row.warnings.joined(separator: ", ") }
            // Host paths come from the tree: no control character may reach the terminal.
            return [row.path, row.className, row.dma, row.protection, row.interruptIDs.map(String.init).joined(separator: ","), verdict]
                .map(PrintableText.escaped)
        }
        out += TextTable.render([headers] + cells)
        return out
    }
}
