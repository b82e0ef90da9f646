import DeviceTree
import Diagnostics

extension GuestPlanner {
    /// The rate of a host clock provider that is a `fixed-clock` with a `clock-frequency`; nil
    /// for any other provider, whose rate the host tree does not say.
    static func fixedClockRate(of provider: NodeID, in index: DeviceTreeIndex) -> UInt32? {
        guard index.compatibles(provider).contains("fixed-clock") else { return nil }
        return index.property("clock-frequency", of: provider)?.singleCell
    }

    /// The properties of one subtree node left out of the guest.
    mutating func droppedProperties(_ member: NodeID, device: DeviceRequest) -> [DroppedProperty] {
        let path = index.path(member)
        var out: [DroppedProperty] = []
        for property in index.node(member).properties {
            let action = GuestPropertyRules.action(for: property, of: member, in: index, assigned: assigned,
                                                   policy: device.policy, isAssignedRoot: member == device.node)
            guard case .drop(let reason, let kind) = action else { continue }
            out.append(DroppedProperty(node: member, nodePath: path, kind: kind, property: property.name, reason: reason))
        }
        return out
    }

    /// Plans `regulator-fixed` stand-ins for supplies the class keeps (fixed voltage only).
    mutating func planRegulators(_ member: NodeID, device: DeviceRequest) -> [RegulatorStub] {
        guard device.policy.dependencyPolicies[.regulators] == .fixedRegulator else { return [] }
        var out: [RegulatorStub] = []
        for property in index.node(member).properties where property.name.hasSuffix("-supply") {
            guard let links = try? index.links(property.name, of: member, shape: .phandles), links.count == 1,
                  let microvolts = GuestPropertyRules.fixedVoltage(of: links[0].provider, in: index) else { continue }
            let provider = links[0].provider
            let hostName = index.node(provider).baseName
            let name = index.property("regulator-name", of: provider)?.string ?? hostName
            out.append(RegulatorStub(name: hostName.hasPrefix("regulator") ? hostName : "regulator-" + hostName,
                                     providerPath: index.path(provider), regulatorName: name, microvolts: microvolts))
        }
        return out
    }

    /// Plans the fixed-clock stand-ins for one node's `clocks`.
    mutating func planClocks(_ member: NodeID, device: DeviceRequest) -> (stubs: [ClockStub], uses: [ClockUse]) {
        guard index.property("clocks", of: member) != nil else { return ([], []) }
        let path = index.path(member)
        let links: [PhandleArguments]
        do { links = try index.links("clocks", of: member, shape: .withArguments(cellsProperty: "#clock-cells", defaultCells: nil)) } catch {
            diagnostics.append(ResolveError.hostTree(error, at: device.reference, note: hostLocationNote(member)))
            return ([], [])
        }
        let names = index.property("clock-names", of: member)?.strings ?? []
        var out: [ClockStub] = []
        var uses: [ClockUse] = []
        for link in links where !assigned.contains(link.provider) {
            let key = ClockKey(provider: link.provider, specifier: link.arguments)
            let clockName = link.index < names.count ? names[link.index] : String(link.index)
            let isFixed = index.compatibles(link.provider).contains("fixed-clock")
            func use(_ rate: UInt32?, creates: Bool) -> ClockUse {
                ClockUse(consumer: member, consumerPath: path, clockName: clockName, provider: link.provider, specifier: link.arguments,
                         isFixed: isFixed, rate: rate, createsStandIn: creates)
            }
            if let stub = clockStubs[key] {
                out.append(stub)
                uses.append(use(stub.rate, creates: false))
                continue
            }
            let rate: UInt32?
            let source: String
            if let frequency = Self.fixedClockRate(of: link.provider, in: index) {
                rate = frequency
                source = "clock-frequency of the host fixed-clock \(index.path(link.provider))"
            } else if let given = device.policy.clockRates[clockName] ?? device.policy.clockRates[String(link.index)] {
                rate = given
                source = "clock-rates in the board manifest"
            } else {
                rate = nil
                source = "unknown"
            }
            let consumerName = link.index < names.count ? names[link.index] : nil
            let stub = ClockStub(name: clockStubName(provider: link.provider, specifier: link.arguments, consumerName: isFixed ? nil : consumerName),
                                 providerPath: index.path(link.provider),
                                 specifier: link.arguments, rate: rate, rateSource: source)
            clockStubs[key] = stub
            clockOrder.append(key)
            out.append(stub)
            uses.append(use(rate, creates: true))
        }
        return (out, uses)
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
}
