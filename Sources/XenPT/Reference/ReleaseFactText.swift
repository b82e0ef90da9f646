/// The per-release part of a rule's documentation: each `ReleaseFact` of the rule, worked out
/// from the release files, as runs of consecutive releases that agree (`4.6–4.10 1019; 4.11–4.22 991`).
public enum ReleaseFactText {
    /// One Markdown list item per line of facts, in the rule's order; none without releases.
    public static func lines(_ facts: [ReleaseFact], releases: [XenRelease]) -> [String] {
        let releases = releases.sorted { $0.version < $1.version }
        guard !releases.isEmpty else { return [] }
        return facts.flatMap { fact -> [String] in
            switch fact {
            case .capability(let capability):
                return ["`\(capability.rawValue)` (\(capability.summary)): "
                        + present(releases) { $0.capabilities.contains(capability) }]
            case .iommuDrivers:
                return IOMMUKind.allCases.map { driver in
                    "IOMMU driver `\(driver.rawValue)`: " + runs(releases) { release in
                        let matched = release.iommuCompatibles.filter { $0.value == driver }.keys.sorted()
                        return matched.isEmpty ? nil : matched.map { "`\($0)`" }.joined(separator: ", ")
                    }
                }
            case .guestSPILimit:
                return ["highest SPI INTID of a guest: " + runs(releases, absent: "none (domUs get no SPIs)") { release in
                    release.spis.maxSPIID.map(String.init)
                }]
            case .vcpuLimits:
                return [
                    "vCPUs of a vGICv2 guest: " + runs(releases) { "at most \($0.vgic.v2MaxVCPUs)" },
                    "vCPUs of a vGICv3 guest: " + runs(releases, absent: "no vGICv3") { release in
                        release.windows.first { $0.role == .gicRedistributor }
                            .map { "at most \(release.vgic.v3MaxVCPUs(redistributorWindow: $0.size))" }
                    },
                ]
            case .reservedSPIs:
                var seen: [ReservedInterrupt] = []
                for release in releases {
                    for interrupt in release.reservedInterrupts where interrupt.kind == .spi
                        && !seen.contains(where: { same($0, interrupt) }) {
                        seen.append(interrupt)
                    }
                }
                return seen.map { interrupt in
                    let ids = interrupt.first == interrupt.last ? "INTID \(interrupt.first)" : "INTIDs \(interrupt.first)-\(interrupt.last)"
                    let when = interrupt.presence == .always ? "" : ", with `\(interrupt.presence.rawValue)`"
                    return "\(ids) (`\(interrupt.name)`\(when)): "
                        + present(releases) { release in release.reservedInterrupts.contains { same($0, interrupt) } }
                }
            }
        }
    }

    /// The same reserved range: name, INTIDs and when it is taken.
    private static func same(_ a: ReservedInterrupt, _ b: ReservedInterrupt) -> Bool {
        a.name == b.name && a.first == b.first && a.last == b.last && a.presence == b.presence
    }

    /// The runs of releases where `has` holds (`4.6–4.22`), or `in no release`.
    private static func present(_ releases: [XenRelease], _ has: (XenRelease) -> Bool) -> String {
        let text = runs(releases, separator: ", ") { has($0) ? "" : nil }
        return text.isEmpty ? "in no release" : text
    }

    /// Consecutive releases grouped by `value`, as `4.5 A; 4.6–4.22 B`. Releases whose value is
    /// nil are shown as `absent`, or left out when `absent` is nil.
    private static func runs(_ releases: [XenRelease], absent: String? = nil, separator: String = "; ",
                             _ value: (XenRelease) -> String?) -> String {
        var groups: [(first: XenVersion, last: XenVersion, value: String?)] = []
        for release in releases {
            let current = value(release)
            if let last = groups.last, last.value == current {
                groups[groups.count - 1].last = release.version
            } else {
                groups.append((release.version, release.version, current))
            }
        }
        return groups.compactMap { group -> String? in
            guard let shown = group.value ?? absent else { return nil }
            let span = group.first == group.last ? "\(group.first)" : "\(group.first)–\(group.last)"
            return shown.isEmpty ? span : "\(span) \(shown)"
        }.joined(separator: separator)
    }
}
