// Device fragments shared by rule examples, so each example shows only what makes it trigger.

extension RuleExample {
    /// Example fragment.
    public static let uart = """
        serial@ff000000 {
        	compatible = "arm,pl011";
        	reg = <0xff000000 0x1000>;
        	interrupts = <0 21 4>;
        };
        """

    /// Example fragment.
    public static let gemBehindSMMU = """
        ethernet@ff0b0000 {
        	compatible = "cdns,gem";
        	reg = <0xff0b0000 0x1000>;
        	interrupts = <0 57 4>;
        	iommus = <&smmu 0x874>;
        };
        smmu: iommu@fd800000 {
        	compatible = "arm,mmu-500";
        	reg = <0xfd800000 0x20000>;
        	#iommu-cells = <1>;
        };
        """

    /// Example fragment.
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

    /// Example fragment.
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

    /// Example fragment.
    public static let serdesPHY = """
        lane: phy@fd400000 {
        	compatible = "vendor,serdes";
        	reg = <0xfd400000 0x1000>;
        	#phy-cells = <1>;
        };
        """

    /// Example fragment.
    public static let i2cOnSPI21 = """
        i2c@ff020000 {
        	compatible = "cdns,i2c-r1p14";
        	reg = <0xff020000 0x1000>;
        	interrupts = <0 21 4>;
        };
        """

    /// Example guest passthrough list.
    public static let passUART = """
        passthrough:
          - ↓/soc/serial@ff000000

        """

    /// Example guest passthrough list.
    public static let passGEM = """
        passthrough:
          - ↓/soc/ethernet@ff0b0000

        """
}
