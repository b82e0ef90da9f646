import DeviceTree
import Testing
@testable import XenPT

/// `iomem` runs are computed on ranges: the same answer as page by page, at any size.
@Suite struct PageRunTests {
    static func device(_ mode: Placement.Mode, _ regions: [(host: UInt64, guest: UInt64, frames: UInt64)]) -> PlannedDevice {
        PlannedDevice(
            node: NodeID(1), hostPath: "/d", guestName: "d", policy: DevicePolicy(className: "generic", classOrigin: "", dma: .none, reset: .noneNeeded),
            placement: Placement(mode: mode, guestBase: 0, hostBase: 0, pageSpan: 0, reason: ""),
            regions: regions.enumerated().map { index, region in
                PlannedRegion(node: NodeID(1), nodePath: "/d", regIndex: index, hostAddress: region.host << 12, size: region.frames << 12,
                              guestAddress: region.guest << 12, firstFrame: region.host, frameCount: region.frames)
            },
            unplacedBytes: nil, hostRegions: [],
            interrupts: [], protection: .none(reason: ""), protectionPaths: [], clocks: [], clockUses: [], regulators: [], droppedProperties: [], aliases: [])
    }

    /// The same definition page by page, for small inputs: each (host, guest) pair once,
    /// identity when an identity-placed device maps it, merged along each distance.
    static func pageByPage(_ devices: [PlannedDevice]) -> [PageMapping] {
        var identity: [[UInt64]: Bool] = [:]
        for device in devices {
            for region in device.regions {
                for offset in 0..<region.frameCount {
                    let pair = [region.firstFrame + offset, (region.guestAddress >> 12) + offset]
                    identity[pair] = (identity[pair] ?? false) || device.placement.mode == .identity
                }
            }
        }
        let pairs = identity.keys.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        var open: [UInt64: (host: UInt64, count: UInt64, identity: Bool)] = [:]
        var runs: [PageMapping] = []
        func close(_ distance: UInt64) {
            guard let run = open[distance] else { return }
            runs.append(PageMapping(hostFrame: run.host, count: run.count, guestFrame: run.identity ? nil : run.host &+ distance))
        }
        for pair in pairs {
            let distance = pair[1] &- pair[0]
            let flag = identity[pair] ?? false
            if let run = open[distance], run.host + run.count == pair[0], run.identity == flag {
                open[distance] = (run.host, run.count + 1, run.identity)
            } else {
                close(distance)
                open[distance] = (pair[0], 1, flag)
            }
        }
        for distance in open.keys { close(distance) }
        return runs.sorted { ($0.hostFrame, $0.guestFrame ?? $0.hostFrame, $0.count) < ($1.hostFrame, $1.guestFrame ?? $1.hostFrame, $1.count) }
    }

    @Test func wholeAddressSpaceIsOneRun() {
        let huge = Self.device(.identity, [(host: 0, guest: 0, frames: 1 << 52)])
        #expect(PageMapping.runs(of: [huge]) == [PageMapping(hostFrame: 0, count: 1 << 52, guestFrame: nil)])
        let top = Self.device(.fixed, [(host: (1 << 52) - 1, guest: 0x4020, frames: 1)])
        #expect(PageMapping.runs(of: [huge, top]) == [
            PageMapping(hostFrame: 0, count: 1 << 52, guestFrame: nil),
            PageMapping(hostFrame: (1 << 52) - 1, count: 1, guestFrame: 0x4020),
        ])
    }

    @Test func adjacentRegionsMergeAndOverlapsCountOnce() {
        let a = Self.device(.fixed, [(host: 0x100, guest: 0x500, frames: 4), (host: 0x104, guest: 0x504, frames: 2), (host: 0x102, guest: 0x502, frames: 1)])
        #expect(PageMapping.runs(of: [a]) == [PageMapping(hostFrame: 0x100, count: 6, guestFrame: 0x500)])
        // A page mapped 1:1 by one device and at the same place by a fixed one is written 1:1.
        let identity = Self.device(.identity, [(host: 0x200, guest: 0x200, frames: 2)])
        let fixed = Self.device(.fixed, [(host: 0x201, guest: 0x201, frames: 2)])
        #expect(PageMapping.runs(of: [identity, fixed]) == [
            PageMapping(hostFrame: 0x200, count: 2, guestFrame: nil),
            PageMapping(hostFrame: 0x202, count: 1, guestFrame: 0x202),
        ])
    }

    /// Random small layouts (fixed seed): ranges give the pages that pages give.
    @Test func rangesAgreeWithPages() {
        var seed: UInt64 = 0x9e3779b97f4a7c15
        func next(_ bound: UInt64) -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (seed >> 33) % bound
        }
        for _ in 0..<300 {
            let devices = (0..<(1 + next(4))).map { _ in
                let identity = next(2) == 0
                return Self.device(identity ? .identity : .fixed, (0..<(1 + next(3))).map { _ in
                    let host = next(24)
                    return (host: host, guest: identity || next(3) == 0 ? host : next(24), frames: 1 + next(6))
                })
            }
            #expect(PageMapping.runs(of: devices) == Self.pageByPage(devices))
        }
    }

    @Test func identityWinsWhateverTheOrder() {
        let identity = Self.device(.identity, [(host: 0x200, guest: 0x200, frames: 2)])
        let fixed = Self.device(.fixed, [(host: 0x1ff, guest: 0x1ff, frames: 4)])
        #expect(PageMapping.runs(of: [fixed, identity]) == [
            PageMapping(hostFrame: 0x1ff, count: 1, guestFrame: 0x1ff),
            PageMapping(hostFrame: 0x200, count: 2, guestFrame: nil),
            PageMapping(hostFrame: 0x202, count: 1, guestFrame: 0x202),
        ])
    }

    @Test func manyRegionsOfOneDevice() {
        // 20000 single pages, every other frame, plus one range over all of them.
        let sparse = Self.device(.identity, (0..<20_000).map { (host: UInt64($0) * 2, guest: UInt64($0) * 2, frames: 1) })
        #expect(PageMapping.runs(of: [sparse]).count == 20_000)
        let covered = Self.device(.identity, sparse.regions.map { (host: $0.firstFrame, guest: $0.firstFrame, frames: 1) } + [(host: 0, guest: 0, frames: 40_000)])
        #expect(PageMapping.runs(of: [covered]) == [PageMapping(hostFrame: 0, count: 40_000, guestFrame: nil)])
    }

    @Test func guestAddressSpaceEndsWithTheGuestMap() {
        let layout = GuestLayout(xenVersion: "x", windows: [
            .init(name: "ram0", use: "", base: 0x4000_0000, size: 0xc000_0000, role: .ram),
            .init(name: "ram1", use: "", base: 0x2_0000_0000, size: 0xfe_0000_0000, role: .ram),
        ], reservedInterrupts: [], gicPhandle: 1)
        #expect(layout.addressLimit == 1 << 40)
        #expect(GuestLayout(xenVersion: "x", windows: [], reservedInterrupts: [], gicPhandle: 1).addressLimit == 0xffff_ffff_ffff_f000)
    }
}
