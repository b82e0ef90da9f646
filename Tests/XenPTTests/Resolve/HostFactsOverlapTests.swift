import DeviceTree
import Testing
@testable import XenPT

/// Overlap queries give what a scan of every region gives, with or without a region that
/// spans the whole address space.
@Suite struct HostFactsOverlapTests {
    static func facts(_ regs: [(UInt64, UInt64)]) -> HostFacts {
        let nodes = regs.enumerated().map { index, reg in
            Node(name: "dev@\(index)", properties: [
                Property(name: "reg", value: .cells(PropertyValue.cells(of: reg.0, count: 2) + PropertyValue.cells(of: reg.1, count: 2))),
            ])
        }
        let tree = DeviceTree(root: Node(name: "", properties: [
            Property(name: "#address-cells", value: .cells([2])), Property(name: "#size-cells", value: .cells([2])),
        ], children: nodes))
        return HostFacts(index: DeviceTreeIndex(tree), gicCompatibles: [])
    }

    @Test func agreesWithAScan() {
        var seed: UInt64 = 0x2545f4914f6cdd1d
        func next(_ bound: UInt64) -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (seed >> 33) % bound
        }
        for withHuge in [false, true] {
            var regs = (0..<300).map { _ in (next(0x100000) << 8, 1 + next(0x4000)) }
            if withHuge { regs.append((0, UInt64.max)) }
            let facts = Self.facts(regs)
            #expect(facts.regions.count == regs.count)
            for _ in 0..<200 {
                let start = next(0x10000000)
                let end = start + 1 + next(0x10000)
                let expected = facts.regions.filter { $0.start < end && start < $0.end }
                #expect(facts.regions(overlapping: start, end) == expected)
            }
            #expect(facts.regions(overlapping: 0, UInt64.max) == facts.regions)
            #expect(facts.regions(overlapping: UInt64.max - 1, UInt64.max) == facts.regions.filter { $0.end == UInt64.max })
        }
        #expect(Self.facts([]).regions(overlapping: 0, 10) == [])
    }
}
