import Testing

/// DTS sources for the decompile corpus: dtc compiles them, then our decompile must print
/// exactly what `dtc -I dtb -O dts` prints for the same blob.
enum DTBFixtures {
    /// One corpus entry.
    struct Fixture: Sendable, CustomTestStringConvertible {
        var name: String
        var source: String
        /// Extra dtc flags for compiling (`-@`).
        var flags: [String] = []
        /// False when dtc's own output does not compile back to the same bytes (a dtc quirk,
        /// or a blob shape the text cannot carry: version 16, padding, spare reservations).
        var roundTrips = true
        /// What xenpt prints where it deliberately differs from dtc's text (which would read
        /// back as another tree); nil when the text is dtc's.
        var printed: String?
        var testDescription: String { name }
    }

    static let all: [Fixture] = [
        Fixture(name: "basics", source: """
            /dts-v1/;
            /memreserve/ 0x1000 0x2000;
            / {
            \tcompatible = "vendor,board", "vendor,soc";
            \t#address-cells = <2>;
            \t#size-cells = <1>;
            \tbool-prop;
            \tbytes = [01 02 03];
            \tcells = <1 2 0xdeadbeef>;
            \tmixed = "ab", <0x1>;
            \tn@1 { x = <0>; m {}; };
            \to {};
            };
            """),
        Fixture(name: "escapes", source: #"""
            /dts-v1/;
            / {
            	all = "\a\b\t\n\v\f\r\\\"";
            	quote = "say \"hi\"";
            	apostrophe = "it's";
            	punctuation = "~!@#$%^&*()_+{}|:<>?`-=[];',./";
            	tab = "\t";
            	list-with-escapes = "tab\there", "q\"\\";
            };
            """#),
        Fixture(name: "non-printable bytes", source: """
            /dts-v1/;
            / {
            \thigh = [80 00];
            \tdel = [7f 00];
            \ttext-then-high = "abc", [80];
            \tffs = [41 42 43 ff];
            \tcontrol = [01 02 00];
            \tescape-char = [1b 00];
            };
            """),
        Fixture(name: "odd lengths", source: """
            /dts-v1/;
            / {
            \tone = [01];
            \ttwo = [01 02];
            \tthree = [01 02 03];
            \tfive = [01 02 03 04 05];
            \tseven = [01 02 03 04 05 06 07];
            \teight = [01 02 03 04 05 06 07 08];
            \tsixteen-bit = /bits/ 16 <1 2 3>;
            \teight-bit = /bits/ 8 <1 2 3 4>;
            };
            """),
        Fixture(name: "string lists", source: """
            /dts-v1/;
            / {
            \tthree = "a", "b", "c";
            \ttwo-empty = "", "";
            \tthen-empty = "x", "";
            \tempty-then = "", "x";
            \tgap = "a", "", "b";
            \tempty = "";
            \tlong = "snps,dw-apb-uart", "ns16550a", "ns16550", "arm,pl011", "arm,primecell";
            };
            """),
        Fixture(name: "nul heavy", source: """
            /dts-v1/;
            / {
            \tfive-zeros = [00 00 00 00 00];
            \tfour-zeros = [00 00 00 00];
            \ta-three-nuls = [61 00 00 00];
            \tab-two-nuls = [61 62 00 00];
            \tnul-first = [00 61 62 00];
            \tone-nul = [00];
            };
            """),
        Fixture(name: "wide cells", source: """
            /dts-v1/;
            / {
            \tmax64 = /bits/ 64 <0xffffffffffffffff 1>;
            \tlooks64 = <0x00000001 0x00000000>;
            \tsmall = <0 1 0xf 0x10 0xff 0x100>;
            \tbig = <0xffffffff 0x80000000>;
            \tprintable-cells = <0x41424300>;
            \tstring-like-cells = <0x61626300 0x64656600>;
            };
            """),
        Fixture(name: "memreserves", source: """
            /dts-v1/;
            /memreserve/ 0 0x1000;
            /memreserve/ 0x80000000 0x10000000;
            /memreserve/ 0xffffffffffff0000 0xffff;
            / {
            };
            """),
        Fixture(name: "labels and phandles", source: """
            /dts-v1/;
            / {
            \tintc: interrupt-controller@8000000 {
            \t\tcompatible = "arm,gic-400";
            \t\tinterrupt-controller;
            \t\t#interrupt-cells = <3>;
            \t};
            \tclk: clock { #clock-cells = <1>; };
            \tuart@9000000 {
            \t\tinterrupt-parent = <&intc>;
            \t\tinterrupts = <0 1 4>;
            \t\tclocks = <&clk 7>, <&clk 8>;
            \t\tpath = &clk;
            \t};
            };
            """, flags: ["-@"]),
        Fixture(name: "overlay", source: """
            /dts-v1/;
            /plugin/;
            &uart0 {
            \tstatus = "okay";
            \tlocal: child { ref = <&local>; ext = <&gpio 3 0>; };
            };
            / {
            \tfragment@9 { target-path = "/"; __overlay__ { x = <1>; }; };
            };
            """, flags: ["-@"]),
        Fixture(name: "empty root", source: """
            /dts-v1/;
            / { };
            """),
        Fixture(name: "names", source: """
            /dts-v1/;
            / {
            \tweird?+*prop = <1>;
            \t_underscore = "u";
            \tlinux,phandle-ish = <2>;
            \ta,b-c@1,2 { d@0 { e@ff { f { g { deep = "yes"; }; }; }; }; };
            \tcpus { #address-cells = <1>; #size-cells = <0>; cpu@0 { reg = <0>; }; cpu@1 { reg = <1>; }; };
            };
            """),
        Fixture(name: "version 16 blob", source: """
            /dts-v1/;
            /memreserve/ 0x1000 0x1000;
            / { a = <1>; b { c = "d"; }; };
            """, flags: ["-V", "16"], roundTrips: false),
        Fixture(name: "padded blob with spare reservations", source: """
            /dts-v1/;
            /memreserve/ 0x1000 0x1000;
            / { a = <1>; b { c = "d"; }; };
            """, flags: ["-p", "256", "-R", "3"], roundTrips: false),
        // dtc prints "x\01y" for "x", "1y", which dtc reads back as an octal escape (byte 1):
        // xenpt prints the NUL as "\x00" there, so the text reads back as the same blob.
        Fixture(name: "nul before digit", source: """
            /dts-v1/;
            / {
            \ta = "x", "1y";
            \tb = "v", "7";
            \tc = "w", "8";
            };
            """, printed: "/dts-v1/;\n\n/ {\n\ta = \"x\\x001y\";\n\tb = \"v\\x007\";\n\tc = \"w\\08\";\n};\n"),
    ]
}
