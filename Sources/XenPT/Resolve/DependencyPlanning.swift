import DeviceTree
import Diagnostics

extension GuestPlanner {
    /// The rate of a host clock provider that is a `fixed-clock` with a `clock-frequency`; nil
    /// for any other provider, whose rate the host tree does not say.
    static func fixedClockRate(of provider: NodeID, in index: DeviceTreeIndex) -> UInt32? {
        guard index.compatibles(provider).contains("fixed-clock") else { return nil }
        return index.node(provider).property("clock-frequency")?.singleCell
    }

    /// The properties of one subtree node left out of the guest, with findings.
    mutating func droppedProperties(_ member: NodeID, device: DeviceRequest) -> [DroppedProperty] {
        let path = index.path(member)
        var out: [DroppedProperty] = []
        for property in index.node(member).properties {
            let action = GuestPropertyRules.action(for: property, of: member, in: index, assigned: assigned,
                                                   policy: device.policy, isAssignedRoot: member == device.node)
            guard case .drop(let reason, let crossDevice) = action else { continue }
            out.append(DroppedProperty(nodePath: path, property: property.name, reason: reason))
            let label = Label(device.reference.range, "`\(property.name)` of \(path) is not copied")
            let note = property.location.map { [Note("`\(property.name)` is set here", at: SourceRange(start: $0))] } ?? []
            if crossDevice {
                let kind = property.name.hasSuffix("-gpios") ? "gpios" : property.name
                let needed = device.policy.dependencyPolicies[kind] == "must-accompany"
                var help: [String] = []
                if needed {
                    help.append("class `\(device.policy.className)` needs its `\(kind)` provider in the same guest; pass it too")
                } else if device.policy.dependencyPolicies[kind] == "pass-if-dedicated" {
                    help.append(dedicationHelp(property.name, of: member))
                }
                diagnostics.append(RuleDescription.crossDeviceDependency.diagnostic(
                    "`\(property.name)` of \(path) \(reason)", severity: needed ? .error : .warning, at: label, notes: note,
                    help: help, devicePath: path))
            } else {
                diagnostics.append(RuleDescription.dependencyDropped.diagnostic(
                    "`\(property.name)` of \(path) is dropped: \(reason)", at: label, notes: note, devicePath: path))
            }
        }
        return out
    }

    /// Whether the providers of a link serve only this assignment: then they can come along.
    func dedicationHelp(_ property: String, of member: NodeID) -> String {
        guard let kind = PhandleLinkKind.kind(for: property), let links = try? index.links(property, of: member, shape: kind.shape) else {
            return "pass the provider to this guest too, if nothing else uses it"
        }
        for link in links where !assigned.contains(link.provider) {
            let others = (facts.providerUses[link.provider] ?? []).filter { !assigned.contains($0.user) }
            if let other = others.first {
                return "\(index.path(link.provider)) is also used by \(index.path(other.user)), so it cannot come along"
            }
        }
        let providers = links.filter { !assigned.contains($0.provider) }.map { index.path($0.provider) }
        return "only this device uses \(providers.joined(separator: ", ")): pass it to this guest too"
    }

    /// Plans `regulator-fixed` stand-ins for supplies the class keeps (fixed voltage only).
    mutating func planRegulators(_ member: NodeID, device: DeviceRequest) -> [RegulatorStub] {
        guard device.policy.dependencyPolicies["regulators"] == "fixed-regulator" else { return [] }
        var out: [RegulatorStub] = []
        for property in index.node(member).properties where property.name.hasSuffix("-supply") {
            guard let links = try? index.links(property.name, of: member, shape: .phandles), links.count == 1,
                  let microvolts = GuestPropertyRules.fixedVoltage(of: links[0].provider, in: index) else { continue }
            let provider = links[0].provider
            let hostName = index.node(provider).baseName
            let name = index.node(provider).property("regulator-name")?.string ?? hostName
            out.append(RegulatorStub(name: hostName.hasPrefix("regulator") ? hostName : "regulator-" + hostName,
                                     providerPath: index.path(provider), regulatorName: name, microvolts: microvolts))
        }
        return out
    }

    /// Plans the fixed-clock stand-ins for one node's `clocks`.
    mutating func planClocks(_ member: NodeID, device: DeviceRequest) -> [ClockStub] {
        guard index.node(member).property("clocks") != nil else { return [] }
        let path = index.path(member)
        let links: [PhandleArguments]
        do { links = try index.links("clocks", of: member, shape: .withArguments(cellsProperty: "#clock-cells", defaultCells: nil)) } catch {
            diagnostics.append(ResolveError.hostTree(error, at: device.reference, note: hostLocationNote(member)))
            return []
        }
        let names = index.node(member).property("clock-names")?.strings ?? []
        var out: [ClockStub] = []
        for link in links where !assigned.contains(link.provider) {
            let key = ClockKey(provider: link.provider, specifier: link.arguments)
            let clockName = link.index < names.count ? names[link.index] : String(link.index)
            let isFixed = index.compatibles(link.provider).contains("fixed-clock")
            if let stub = clockStubs[key] {
                out.append(stub)
                continue
            }
            var rate: UInt32?
            var source: String
            if let frequency = Self.fixedClockRate(of: link.provider, in: index) {
                rate = frequency
                source = "clock-frequency of the host fixed-clock \(index.path(link.provider))"
            } else if let given = device.policy.clockRates[clockName] ?? device.policy.clockRates[String(link.index)] {
                rate = given
                source = "clock-rates in the board manifest"
            } else {
                source = "unknown"
                diagnostics.append(RuleDescription.clockRateUnknown.diagnostic(
                    "clock `\(clockName)` of \(path) from \(index.path(link.provider)) has no known rate",
                    at: Label(device.reference.range, "needs a rate for its fixed-clock stand-in"),
                    notes: hostLocationNote(link.provider), devicePath: path))
            }
            let consumerName = link.index < names.count ? names[link.index] : nil
            let stub = ClockStub(name: clockStubName(provider: link.provider, specifier: link.arguments, consumerName: isFixed ? nil : consumerName),
                                 providerPath: index.path(link.provider),
                                 specifier: link.arguments, rate: rate, rateSource: source)
            clockStubs[key] = stub
            clockOrder.append(key)
            out.append(stub)
            // A fixed-clock cannot be gated or re-rated, so sharing it is harmless.
            if !isFixed {
                let sharers = (facts.providerUses[link.provider] ?? []).filter {
                    $0.property == "clocks" && $0.arguments == link.arguments && !assigned.contains($0.user)
                }
                if let first = sharers.first {
                    diagnostics.append(RuleDescription.clockShared.diagnostic(
                        "clock `\(clockName)` of \(path) is also used by \(index.path(first.user))\(sharers.count > 1 ? " and \(sharers.count - 1) more" : "")",
                        at: Label(device.reference.range), notes: hostLocationNote(first.user), devicePath: path))
                }
            }
        }
        return out
    }

    /// `clk-<clock-names entry>` when the consumer names the clock and no other stand-in has
    /// that name yet; otherwise `clk-<provider>[-<unit>]-<cells>` (fixed clocks keep their own name).
    func clockStubName(provider: NodeID, specifier: [UInt32], consumerName: String?) -> String {
        if let consumerName, !consumerName.isEmpty, consumerName.allSatisfy({ $0.isLetter || $0.isNumber || "_-,.+".contains($0) }) {
            let candidate = "clk-" + consumerName
            if !clockStubs.values.contains(where: { $0.name == candidate }) { return candidate }
        }
        let node = index.node(provider)
        let clash = clockOrder.contains { $0.provider != provider && index.node($0.provider).baseName == node.baseName }
        var name = node.baseName
        if clash, let unit = node.unitAddress { name += "-" + unit }
        for cell in specifier { name += "-\(cell)" }
        return "clk-" + name
    }

    /// Raises `provider-in-use` for every host node outside the assignment that uses one in it.
    mutating func checkProvidedToHost(subtree: [NodeID], device: DeviceRequest) {
        for member in subtree {
            let users = (facts.providerUses[member] ?? []).filter {
                !assigned.contains($0.user) && $0.property != "remote-endpoint" && $0.property != "iommus"
            }
            var reported: Set<NodeID> = []
            for use in users where reported.insert(use.user).inserted {
                diagnostics.append(RuleDescription.providerInUse.diagnostic(
                    "\(index.path(member)) is used by \(index.path(use.user)) (`\(use.property)`), which stays with the host",
                    at: Label(device.reference.range), notes: hostLocationNote(use.user), devicePath: index.path(member)))
            }
        }
    }
}
