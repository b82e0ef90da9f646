// Device fragments shared by rule examples, so each example shows only what makes it trigger.

extension RuleExample {
    /// A PL011 UART at 0xff000000 on SPI 21.
    public static let uart = """
        serial@ff000000 {
        	compatible = "arm,pl011";
        	reg = <0xff000000 0x1000>;
        	interrupts = <0 21 4>;
        };
        """

    /// A Cadence GEM behind an MMU-500 (stream 0x874), the SMMU labelled `smmu`.
    public static let gemBehindSMMU = gem(behind: "arm,mmu-500")

    /// A Cadence GEM whose `iommus` names an IOMMU of this compatible (optionally with a status).
    public static func gem(behind compatible: String, status: String? = nil) -> String {
        """
        ethernet@ff0b0000 {
        	compatible = "cdns,gem";
        	reg = <0xff0b0000 0x1000>;
        	interrupts = <0 57 4>;
        	iommus = <&smmu 0x874>;
        };
        smmu: iommu@fd800000 {
        	compatible = "\(compatible)";
        	reg = <0xfd800000 0x20000>;
        	#iommu-cells = <1>;\(status.map { "\n\tstatus = \"\($0)\";" } ?? "")
        };
        """
    }

    /// The UART and an I2C block both clocked by `clock` (a phandle and its cells).
    public static func uartAndI2C(clockedBy clock: String) -> String {
        clockProviders + "\n" + """
        serial@ff000000 {
        	compatible = "arm,pl011";
        	reg = <0xff000000 0x1000>;
        	interrupts = <0 21 4>;
        	clocks = <\(clock)>;
        	clock-names = "apb_pclk";
        };
        i2c@ff020000 {
        	compatible = "cdns,i2c-r1p14";
        	reg = <0xff020000 0x1000>;
        	interrupts = <0 22 4>;
        	clocks = <\(clock)>;
        };
        """
    }


    /// A GPIO controller that is also an interrupt controller, labelled `gpio`.
    public static let gpioController = """
        gpio: gpio@ff0a0000 {
        	compatible = "vendor,gpio";
        	reg = <0xff0a0000 0x1000>;
        	interrupts = <0 16 4>;
        	gpio-controller;
        	#gpio-cells = <2>;
        	interrupt-controller;
        	#interrupt-cells = <2>;
        };
        """

    /// A clock controller labelled `clkc` (one cell) and a 25 MHz fixed clock labelled `osc`.
    public static let clockProviders = """
        clkc: clock-controller@ff5e0000 {
        	compatible = "vendor,clkc";
        	reg = <0xff5e0000 0x1000>;
        	#clock-cells = <1>;
        };
        osc: oscillator {
        	compatible = "fixed-clock";
        	#clock-cells = <0>;
        	clock-frequency = <25000000>;
        };
        """

    /// A SerDes PHY labelled `lane` (one cell).
    public static let serdesPHY = """
        lane: phy@fd400000 {
        	compatible = "vendor,serdes";
        	reg = <0xfd400000 0x1000>;
        	#phy-cells = <1>;
        };
        """

    /// An I2C block on SPI 21, the UART's interrupt.
    public static let i2cOnSPI21 = """
        i2c@ff020000 {
        	compatible = "cdns,i2c-r1p14";
        	reg = <0xff020000 0x1000>;
        	interrupts = <0 21 4>;
        };
        """

    /// A SoCFPGA DWMAC whose vendor syscon link names the system manager beside it.
    public static let socfpgaEthernet = """
        sysmgr: sysmgr@ffd08000 {
        	compatible = "altr,sys-mgr", "syscon";
        	reg = <0xffd08000 0x4000>;
        };
        ethernet@ff700000 {
        	compatible = "altr,socfpga-stmmac", "snps,dwmac-3.70a", "snps,dwmac";
        	reg = <0xff700000 0x2000>;
        	interrupts = <0 115 4>;
        	altr,sysmgr-syscon = <&sysmgr 0x60 0>;
        };
        """

    /// A passthrough list with the UART, marked.
    public static let passUART = """
        passthrough:
          - ↓/soc/serial@ff000000

        """

    /// A passthrough list with the GEM, marked.
    public static let passGEM = """
        passthrough:
          - ↓/soc/ethernet@ff0b0000

        """
}

// The host tree of board rules' examples: everything Xen needs, each part replaceable.

extension RuleExample {
    /// A GIC-400 with its four regions (GICD, GICC, GICH, GICV) and maintenance interrupt.
    public static let xenGIC = """
        gic: interrupt-controller@f9010000 {
        	compatible = "arm,gic-400";
        	interrupt-controller;
        	#interrupt-cells = <3>;
        	reg = <0xf9010000 0x1000>, <0xf9020000 0x2000>,
        	<0xf9040000 0x2000>, <0xf9060000 0x2000>;
        	interrupts = <1 9 0xf04>;
        };
        """

    /// The architected timer with its four PPIs (secure, non-secure, virtual, hypervisor).
    public static let xenTimer = """
        timer {
        	compatible = "arm,armv8-timer";
        	interrupts = <1 13 0xf08>, <1 14 0xf08>, <1 11 0xf08>, <1 10 0xf08>;
        };
        """

    /// One 2 GiB RAM bank.
    public static let xenMemory = """
        memory@0 {
        	device_type = "memory";
        	reg = <0x0 0x0 0x0 0x80000000>;
        };
        """

    /// A whole host tree Xen boots on: `gic`, `timer` and `memory` as given (empty to leave
    /// one out), `/chosen/stdout-path` (nil for none) and `devices` inside `/soc`.
    public static func xenHost(gic: String = xenGIC, timer: String = xenTimer, memory: String = xenMemory,
                               chosen: String? = "/soc/serial@ff000000:115200n8", devices: String = uart) -> String {
        func indent(_ text: String, _ depth: Int) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : String(repeating: "\t", count: depth) + $0 }.joined(separator: "\n")
        }
        var out = "/dts-v1/;\n\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n\tinterrupt-parent = <&gic>;\n"
        if let chosen { out += "\n\tchosen {\n\t\tstdout-path = \"\(chosen)\";\n\t};\n" }
        for part in [memory, timer] where !part.isEmpty { out += "\n" + indent(part, 1) + "\n" }
        out += "\n\tsoc {\n\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
        out += "\t\tranges = <0x0 0x0 0x0 0xffffffff>;\n"
        for part in [gic, devices] where !part.isEmpty { out += "\n" + indent(part, 2) + "\n" }
        return out + "\t};\n};\n"
    }
}
