#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the planning inputs of the bench: the SoC tree's board and one-device guest, and a
/// fleet of boards shaped like vendor SoC trees (a shared `.dtsi` and a bindings header pulled
/// in with cpp `#include`, board files adding hundreds of devices) with guests on each.
struct FleetSource {
    /// Boards in the fleet.
    var boards = 150
    /// Guests per board.
    var guestsPerBoard = 10
    /// Devices per board (about; spread over buses of 64).
    var devicesPerBoard = 320

    /// The shared bindings header (what `dt-bindings/interrupt-controller/arm-gic.h` gives).
    static let header = """
    #ifndef FLEET_BINDINGS_H
    #define FLEET_BINDINGS_H
    #define GIC_SPI 0
    #define GIC_PPI 1
    #define IRQ_TYPE_LEVEL_HIGH 4
    #define IRQ_TYPE_EDGE_RISING 1
    #define FLEET_CLK(n) (n)
    #endif

    """

    /// The SoC include every board shares: CPUs, memory, the GIC, clock controllers, the bus.
    static let socInclude: String = {
        var out = "/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n\tinterrupt-parent = <&gic>;\n\n"
        out += "\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n"
        for cpu in 0..<4 {
            out += "\t\tcpu@\(cpu) {\n\t\t\tdevice_type = \"cpu\";\n\t\t\tcompatible = \"arm,cortex-a53\";\n\t\t\treg = <\(cpu)>;\n\t\t\tenable-method = \"psci\";\n\t\t};\n"
        }
        out += "\t};\n\n\tmemory@40000000 {\n\t\tdevice_type = \"memory\";\n\t\treg = <0x0 0x40000000 0x0 0x80000000>;\n\t};\n\n"
        out += "\tgic: interrupt-controller@8000000 {\n\t\tcompatible = \"arm,gic-v3\";\n\t\t#interrupt-cells = <3>;\n"
        out += "\t\tinterrupt-controller;\n\t\treg = <0x0 0x8000000 0x0 0x10000>, <0x0 0x80a0000 0x0 0xf60000>;\n\t};\n\n"
        out += "\tclocks {\n"
        for clock in 0..<16 {
            out += "\t\tclk\(clock): clock-controller-\(clock) {\n\t\t\tcompatible = \"fixed-clock\";\n\t\t\t#clock-cells = <1>;\n"
            out += "\t\t\tclock-frequency = <\(24_000_000 + clock * 1_000_000)>;\n\t\t};\n"
        }
        out += "\t};\n\n\tsoc: soc {\n\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
        out += "\t\tranges = <0x0 0x0 0x0 0x40000000>;\n\t};\n};\n"
        return out
    }()

    /// Board `number`'s DTS: includes, then its buses of devices under `&soc`.
    func boardSource(_ number: Int) -> String {
        var random = BenchRandom(state: 0xf1ee7 &+ UInt64(number))
        var out = "/dts-v1/;\n\n#include <fleet-bindings.h>\n#include \"../common/fleet-soc.dtsi\"\n\n"
        out += "/ {\n\tmodel = \"fleet board \(number)\";\n\tcompatible = \"xenpt,fleet-\(number)\";\n};\n\n&soc {\n"
        let perBus = 64
        var device = 0
        var bus = 0
        while device < devicesPerBoard {
            let base = UInt64(0x1000_0000) + UInt64(bus) * 0x10_0000
            out += "\tbus@\(String(base, radix: 16)) {\n\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
            out += "\t\tranges = <0x0 0x\(String(base, radix: 16)) 0x100000>;\n"
            for slot in 0..<perBus where device < devicesPerBoard {
                let offset = String(slot * 0x1000, radix: 16)
                let spi = 32 + device % 800
                let clock = Int(random.next() % 16)
                switch device % 4 {
                case 0:
                    out += "\t\tuart\(device): serial@\(offset) {\n\t\t\tcompatible = \"arm,pl011\", \"arm,primecell\";\n"
                    out += "\t\t\treg = <0x\(offset) 0x1000>;\n\t\t\tinterrupts = <GIC_SPI \(spi) IRQ_TYPE_LEVEL_HIGH>;\n"
                    out += "\t\t\tclocks = <&clk\(clock) FLEET_CLK(\(device % 4))>;\n\t\t\tclock-names = \"uartclk\";\n"
                case 1:
                    out += "\t\tgpio\(device): gpio@\(offset) {\n\t\t\tcompatible = \"arm,pl061\", \"arm,primecell\";\n"
                    out += "\t\t\treg = <0x\(offset) 0x1000>;\n\t\t\tinterrupts = <GIC_SPI \(spi) IRQ_TYPE_LEVEL_HIGH>;\n"
                    out += "\t\t\tgpio-controller;\n\t\t\t#gpio-cells = <2>;\n\t\t\tclocks = <&clk\(clock) 1>;\n\t\t\tclock-names = \"apb_pclk\";\n"
                case 2:
                    out += "\t\ti2c\(device): i2c@\(offset) {\n\t\t\tcompatible = \"vendor,i2c\";\n"
                    out += "\t\t\treg = <0x\(offset) 0x1000>;\n\t\t\tinterrupts = <GIC_SPI \(spi) IRQ_TYPE_LEVEL_HIGH>;\n"
                    out += "\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <0>;\n\t\t\tclocks = <&clk\(clock) 2>;\n"
                default:
                    out += "\t\tmmc\(device): mmc@\(offset) {\n\t\t\tcompatible = \"vendor,sdhci\";\n"
                    out += "\t\t\treg = <0x\(offset) 0x1000>;\n\t\t\tinterrupts = <GIC_SPI \(spi) IRQ_TYPE_EDGE_RISING>;\n"
                    out += "\t\t\tclocks = <&clk\(clock) 0>, <&clk\((clock + 3) % 16) 3>;\n\t\t\tclock-names = \"core\", \"iface\";\n\t\t\tbus-width = <4>;\n"
                }
                out += "\t\t};\n"
                device += 1
            }
            out += "\t};\n"
            bus += 1
        }
        out += "};\n"
        return out
    }

    /// Guest `guest` of a board: one to three devices of its own, by label.
    func guestManifest(board: Int, guest: Int) -> String {
        var out = "guest: g\(guest)\nboard: ../board.yaml\nmemory: 128M\npassthrough:\n"
        let stride = max(1, devicesPerBoard / guestsPerBoard)
        for index in 0..<(1 + (board + guest) % 3) {
            let device = guest * stride + index * 4
            let label = ["uart", "gpio", "i2c", "mmc"][device % 4]
            out += "  - \"&\(label)\(device)\"\n"
        }
        return out
    }

    /// Writes the fleet under `folder`: `common/`, `include/` and `board-NNN/` each with its
    /// manifest, DTS and `guests/`. Returns false when a file cannot be written.
    func write(to folder: String) -> Bool {
        let folders: [String] = [folder, "\(folder)/common", "\(folder)/include"]
        let made = folders.allSatisfy { makeFolder($0) }
        guard made, writeWholeFile("\(folder)/include/fleet-bindings.h", Array(Self.header.utf8)),
              writeWholeFile("\(folder)/common/fleet-soc.dtsi", Array(Self.socInclude.utf8)) else { return false }
        for board in 0..<boards {
            let name = "board-\(String(1000 + board).dropFirst())"
            let boardFolder = "\(folder)/\(name)"
            guard makeFolder(boardFolder), makeFolder("\(boardFolder)/guests") else { return false }
            let manifest = "board: \(name)\nhost: board.dts\nxen: \"4.18\"\ninclude-dirs: [../include]\n"
            guard writeWholeFile("\(boardFolder)/board.yaml", Array(manifest.utf8)),
                  writeWholeFile("\(boardFolder)/board.dts", Array(boardSource(board).utf8)) else { return false }
            for guest in 0..<guestsPerBoard {
                guard writeWholeFile("\(boardFolder)/guests/g\(guest).yaml", Array(guestManifest(board: board, guest: guest).utf8)) else { return false }
            }
        }
        return true
    }
}

/// Creates a folder (an existing one is fine).
func makeFolder(_ path: String) -> Bool {
    mkdir(path, 0o755) == 0 || errno == EEXIST
}
