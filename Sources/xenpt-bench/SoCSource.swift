/// Generates a deterministic SoC-shaped DTS: buses with `ranges`, devices with `reg`,
/// `interrupts`, clocks and resets by label and phandle, string lists and byte strings.
struct SoCSource {
    /// Total nodes to emit (the root and fixed nodes included), approximately.
    var nodeCount: Int

    /// Devices under each bus.
    var devicesPerBus = 96

    /// The DTS text.
    func text() -> String {
        var out = ""
        out.reserveCapacity(nodeCount * 230)
        var random = BenchRandom(state: 0x0dd_ba11)
        out += "/dts-v1/;\n\n/memreserve/ 0x80000000 0x100000;\n/memreserve/ 0xc0000000 0x2000;\n\n/ {\n"
        out += "\tmodel = \"xenpt bench soc\";\n\tcompatible = \"xenpt,bench-soc\", \"arm,armv8\";\n"
        out += "\t#address-cells = <2>;\n\t#size-cells = <2>;\n\tinterrupt-parent = <&gic>;\n\n"
        out += "\tchosen {\n\t\tbootargs = \"console=ttyAMA0 earlycon=\\\"pl011\\\"\\tquiet\";\n\t\tstdout-path = &uart0;\n\t};\n\n"
        out += "\taliases {\n\t\tserial0 = &uart0;\n\t\tethernet0 = &{/soc/bus@10000000/ethernet@1000};\n\t};\n\n"
        out += "\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n"
        for cpu in 0..<8 {
            out += "\t\tcpu\(cpu): cpu@\(hex(UInt64(cpu * 0x100))) {\n\t\t\tdevice_type = \"cpu\";\n"
            out += "\t\t\tcompatible = \"arm,cortex-a72\", \"arm,armv8\";\n\t\t\treg = <\(hex(UInt64(cpu * 0x100), prefix: true))>;\n"
            out += "\t\t\tenable-method = \"psci\";\n\t\t\tclocks = <&cpuclk \(cpu)>;\n\t\t\tnext-level-cache = <&l2>;\n\t\t};\n"
        }
        out += "\t\tl2: l2-cache {\n\t\t\tcompatible = \"cache\";\n\t\t\tcache-level = <2>;\n\t\t\tcache-size = <0x100000>;\n\t\t};\n\t};\n\n"
        out += "\tmemory@80000000 {\n\t\tdevice_type = \"memory\";\n\t\treg = <0x0 0x80000000 0x0 0x80000000>, <0x8 0x80000000 0x1 0x0>;\n\t};\n\n"
        out += "\tgic: interrupt-controller@8000000 {\n\t\tcompatible = \"arm,gic-v3\";\n\t\t#interrupt-cells = <3>;\n"
        out += "\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tinterrupt-controller;\n"
        out += "\t\treg = <0x0 0x8000000 0x0 0x10000>, <0x0 0x80a0000 0x0 0xf60000>;\n\t};\n\n"
        out += "\tclocks {\n\t\tcpuclk: cpu-clock {\n\t\t\tcompatible = \"fixed-clock\";\n\t\t\t#clock-cells = <1>;\n"
        out += "\t\t\tclock-frequency = <2000000000>;\n\t\t};\n"
        let clockCount = 32
        for clock in 0..<clockCount {
            out += "\t\tclk\(clock): clock-controller-\(clock) {\n\t\t\tcompatible = \"vendor,clkgen\", \"fixed-clock\";\n"
            out += "\t\t\t#clock-cells = <1>;\n\t\t\t#reset-cells = <1>;\n"
            out += "\t\t\tclock-frequency = <\(24_000_000 + clock * 1_000_000)>;\n"
            out += "\t\t\tclock-output-names = \"clk\(clock)_a\", \"clk\(clock)_b\", \"clk\(clock)_c\";\n\t\t};\n"
        }
        out += "\t};\n\n"
        out += "\tsoc {\n\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
        out += "\t\tranges = <0x0 0x0 0x0 0x40000000>;\n\t\tdma-ranges;\n"
        // Nodes so far: root, chosen, aliases, cpus (+8 cpus, l2), memory, gic, clocks (+33), soc.
        var emitted = 50
        var bus = 0
        var device = 0
        while emitted < nodeCount {
            let busBase = UInt64(0x1000_0000) + UInt64(bus) * 0x10_0000
            out += "\n\t\tbus\(bus): bus@\(hex(busBase)) {\n\t\t\tcompatible = \"simple-bus\";\n"
            out += "\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <1>;\n"
            out += "\t\t\tranges = <0x0 \(hex(busBase, prefix: true)) 0x100000>;\n"
            emitted += 1
            var slot = 0
            while slot < devicesPerBus && emitted < nodeCount {
                let offset = UInt64(slot) * 0x1000
                let spi = 32 + device % 900
                let clock = Int(random.next() % UInt64(clockCount))
                let clock2 = (clock + 7) % clockCount
                out += "\n"
                switch device % 6 {
                case 0:
                    let label = device == 0 ? "uart0" : "uart\(device)"
                    out += "\t\t\t\(label): serial@\(hex(offset)) {\n\t\t\t\tcompatible = \"arm,pl011\", \"arm,primecell\";\n"
                    out += "\t\t\t\treg = <\(hex(offset, prefix: true)) 0x1000>;\n\t\t\t\tinterrupts = <0 \(spi) 4>;\n"
                    out += "\t\t\t\tclocks = <&clk\(clock) 0>, <&clk\(clock2) 1>;\n\t\t\t\tclock-names = \"uartclk\", \"apb_pclk\";\n"
                    out += ""
                case 1:
                    out += "\t\t\tethernet@\(hex(offset)) {\n\t\t\t\tcompatible = \"snps,dwmac-4.20a\", \"snps,dwmac\";\n"
                    out += "\t\t\t\treg = <\(hex(offset, prefix: true)) 0x1000>;\n"
                    out += "\t\t\t\tinterrupts = <0 \(spi) 4>, <0 \(spi + 1) 4>;\n"
                    out += "\t\t\t\tlocal-mac-address = [02 00 \(hexByte(UInt8(truncatingIfNeeded: device >> 8))) \(hexByte(UInt8(truncatingIfNeeded: device))) 00 01];\n"
                    out += "\t\t\t\tphy-mode = \"rgmii-id\";\n\t\t\t\tresets = <&clk\(clock) \(slot)>;\n"
                case 2:
                    out += "\t\t\tdev\(device): dma-controller@\(hex(offset)) {\n\t\t\t\tcompatible = \"arm,pl330\", \"arm,primecell\";\n"
                    out += "\t\t\t\treg = <\(hex(offset, prefix: true)) 0x1000>;\n\t\t\t\tinterrupts = <0 \(spi) 4>;\n"
                    out += "\t\t\t\t#dma-cells = <1>;\n\t\t\t\tdma-channels = <8>;\n\t\t\t\tclocks = <&clk\(clock) 2>;\n"
                    out += "\t\t\t\tdma-coherent;\n"
                case 3:
                    out += "\t\t\ti2c@\(hex(offset)) {\n\t\t\t\tcompatible = \"vendor,i2c\";\n"
                    out += "\t\t\t\treg = <\(hex(offset, prefix: true)) 0x400>;\n\t\t\t\tinterrupts = <0 \(spi) 4>;\n"
                    out += "\t\t\t\t#address-cells = <1>;\n\t\t\t\t#size-cells = <0>;\n\t\t\t\tclock-frequency = <400000>;\n"
                    out += "\t\t\t\tclocks = <&clk\(clock) 1>;\n\t\t\t\tstatus = \"disabled\";\n"
                case 4:
                    out += "\t\t\tgpio@\(hex(offset)) {\n\t\t\t\tcompatible = \"vendor,gpio-v1\", \"vendor,gpio\";\n"
                    out += "\t\t\t\treg = <\(hex(offset, prefix: true)) 0x100>;\n\t\t\t\tinterrupts = <0 \(spi) 4>;\n"
                    out += "\t\t\t\tgpio-controller;\n\t\t\t\t#gpio-cells = <2>;\n"
                    out += "\t\t\t\tgpio-line-names = \"a\", \"b\", \"\", \"d\";\n\t\t\t\ttimeout = /bits/ 64 <\(hex(UInt64(device) << 20, prefix: true))>;\n"
                default:
                    out += "\t\t\tmmc@\(hex(offset)) {\n\t\t\t\tcompatible = \"vendor,sdhci\";\n"
                    out += "\t\t\t\treg = <\(hex(offset, prefix: true)) 0x1000>;\n\t\t\t\tinterrupts = <0 \(spi) 4>;\n"
                    out += "\t\t\t\tclocks = <&clk\(clock) 0>, <&clk\(clock2) 2>;\n\t\t\t\tclock-names = \"core\", \"iface\";\n"
                    out += "\t\t\t\tbus-width = <8>;\n\t\t\t\tnon-removable;\n"
                    if device >= 6 {
                        out += "\t\t\t\tdmas = <&dev\(device - 3) \(slot % 8)>;\n\t\t\t\tdma-names = \"rx-tx\";\n"
                    }
                }
                out += "\t\t\t};\n"
                emitted += 1
                slot += 1
                device += 1
            }
            out += "\t\t};\n"
            bus += 1
        }
        out += "\t};\n};\n"
        return out
    }

    private func hex(_ value: UInt64, prefix: Bool = false) -> String {
        (prefix ? "0x" : "") + String(value, radix: 16)
    }

    private func hexByte(_ value: UInt8) -> String {
        let digits = String(value, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}

/// A tiny deterministic generator (SplitMix64) so every run builds the same source.
struct BenchRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
