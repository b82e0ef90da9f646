import DeviceTree
import Diagnostics

/// Applies a guest's `waive:` entries: a waived finding leaves the report and is kept in the
/// plan as a decision with its reason; a waiver that matches nothing, or names a fixed error,
/// is itself reported.
public enum Waivers {
    /// The findings left after waivers plus findings about the waivers themselves, and the
    /// findings waived with the reason of the first waiver that matched each.
    public static func apply(_ waivers: [WaiverEntry], to diagnostics: [Diagnostic], index: DeviceTreeIndex)
        -> (findings: [Diagnostic], waived: [WaivedFinding]) {
        var used = Array(repeating: false, count: waivers.count)
        var out: [Diagnostic] = []
        var waivedFindings: [WaivedFinding] = []
        var problems: [Diagnostic] = []
        // Per waiver: the rule code and the node path it is limited to ("" for everywhere), or nil
        // when the waiver itself is wrong (already reported).
        var targets: [(code: String, path: String)?] = []
        for waiver in waivers {
            guard let rule = RuleRegistry.rule(waiver.rule.value) else {
                problems.append(ManifestError.invalidValue(
                    "no rule `\(waiver.rule.value)`", at: waiver.rule.range, path: waiver.rule.path,
                    help: ManifestError.closestMatch(to: waiver.rule.value, in: RuleRegistry.all.flatMap { [$0.code, $0.name] })
                        .map { ["did you mean `\($0)`?"] } ?? ["see `xenpt rules`"]))
                targets.append(nil)
                continue
            }
            guard let at = waiver.at else {
                targets.append((rule.code, ""))
                continue
            }
            guard let node = index.lookup(at.value) else {
                problems.append(WorkspaceLoader.unknownDevice(at, index: index, host: "the host tree"))
                targets.append(nil)
                continue
            }
            targets.append((rule.code, index.path(node)))
        }
        for diagnostic in diagnostics {
            var reason: String?
            for (position, target) in targets.enumerated() {
                guard let target, target.code == diagnostic.code else { continue }
                if target.path.isEmpty || diagnostic.devicePath.map({ $0 == target.path || $0.hasPrefix(target.path + "/") }) == true {
                    used[position] = true
                    if reason == nil { reason = waivers[position].reason.value }
                }
            }
            if let reason { waivedFindings.append(WaivedFinding(finding: diagnostic, reason: reason)) } else { out.append(diagnostic) }
        }
        for (position, waiver) in waivers.enumerated() where !used[position] && targets[position] != nil {
            problems.append(RuleDescription.unusedWaiver.diagnostic(
                "waiver of `\(waiver.rule.value)` matches no finding", at: Label(waiver.rule.range), dataPath: waiver.rule.path.description))
        }
        return (out + problems, waivedFindings)
    }
}
