// Board rules: what Xen itself needs from the host tree before any guest matters.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// No UART Xen can use as its console.
    public static let noXenConsole = RuleDescription(
        code: "XPT-BOARD-005", name: "no-xen-console", family: .board, severity: .warning,
        summary: "the host tree names no UART Xen has a driver for as its console",
        rationale: """
            Xen takes its console from `dtuart=` on its command line (`xen,xen-bootargs` in `/chosen`) or, \
            without it, from `/chosen/stdout-path`: a path, or an alias, then `:options` \
            (xen/drivers/char/uart-init.c, dt_uart_init). The node must be enabled and match one of Xen's UART \
            drivers (xen/drivers/char/: pl011.c, ns16550.c, scif-uart.c, cadence-uart.c, imx-lpuart.c, \
            imx-uart.c, meson-uart.c, mvebu-uart.c, exynos4210-uart.c, omap-uart.c, linflex-uart.c; the list \
            is that of Xen's development tree, older releases have fewer). Otherwise Xen boots silent: no \
            boot messages, no panic text, no `xl dmesg` on a screen. A board check, reported once per board.
            """,
        fix: "point `/chosen/stdout-path` (or `dtuart=` in `xen,xen-bootargs`) at a UART Xen drives",
        examples: [
            .triggeringBoard(RuleExample.xenHost(chosen: nil)),
            .triggeringBoard(RuleExample.xenHost(devices: RuleExample.uart.replacingOccurrences(of: "arm,pl011", with: "vendor,uart"))),
            .cleanBoard(RuleExample.xenHost()),
        ])
}

extension BoardRule {
    /// UART compatibles Xen has a console driver for, with the driver file under
    /// xen/drivers/char/ (read at xen-project/xen c447b7308b, 4.23-dev).
    static let xenUARTs: [String: String] = [
        "arm,pl011": "pl011.c", "arm,sbsa-uart": "pl011.c",
        "ns16550": "ns16550.c", "ns16550a": "ns16550.c", "snps,dw-apb-uart": "ns16550.c", "brcm,bcm2835-aux-uart": "ns16550.c",
        "renesas,scif": "scif-uart.c", "renesas,scifa": "scif-uart.c", "renesas,hscif": "scif-uart.c",
        "cdns,uart-r1p8": "cadence-uart.c", "cdns,uart-r1p12": "cadence-uart.c",
        "samsung,exynos4210-uart": "exynos4210-uart.c",
        "fsl,imx8qxp-lpuart": "imx-lpuart.c", "fsl,imx6q-uart": "imx-uart.c",
        "amlogic,meson-uart": "meson-uart.c", "amlogic,meson6-uart": "meson-uart.c", "amlogic,meson8-uart": "meson-uart.c",
        "amlogic,meson8b-uart": "meson-uart.c", "amlogic,meson-gx-uart": "meson-uart.c",
        "marvell,armada-3700-uart": "mvebu-uart.c",
        "ti,omap4-uart": "omap-uart.c", "ti,am654-uart": "omap-uart.c",
        "nxp,s32g2-linflexuart": "linflex-uart.c", "nxp,s32g3-linflexuart": "linflex-uart.c", "fsl,s32v234-linflexuart": "linflex-uart.c",
    ]

    /// Raises a host tree whose Xen console (`dtuart=` or `/chosen/stdout-path`) is missing,
    /// names no node, names a disabled node or a UART Xen has no driver for.
    public static let noXenConsole = BoardRule(.noXenConsole) { input in
        let index = input.index
        let rule = RuleDescription.noXenConsole
        let chosen = index.node(atPath: "/chosen")
        let bootargs = chosen.flatMap { index.property("xen,xen-bootargs", of: $0)?.string } ?? ""
        let dtuart = bootargs.split(separator: " ").first { $0.hasPrefix("dtuart=") }.map { String($0.dropFirst("dtuart=".count)) }
        let stdout = chosen.flatMap { index.property("stdout-path", of: $0)?.string }
        guard let configured = dtuart ?? stdout, !configured.isEmpty else {
            return [input.finding(rule, "Xen has no console: `/chosen` has no `stdout-path` and Xen's bootargs no `dtuart=`",
                                  node: chosen, label: "Xen boots without a console")]
        }
        let source = dtuart != nil ? "`dtuart=` in `xen,xen-bootargs`" : "`/chosen/stdout-path`"
        let target = String(configured.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard let uart = index.lookup(target) else {
            return [input.finding(rule, "Xen's console `\(target)` (\(source)) names no node of the host tree", node: chosen,
                                  label: "Xen boots without a console")]
        }
        let path = index.path(uart)
        guard index.isEnabled(uart) else {
            return [input.finding(rule, "Xen's console \(path) is disabled", node: uart, label: "Xen boots without a console")]
        }
        let compatibles = index.compatibles(uart)
        guard !compatibles.contains(where: { xenUARTs[$0] != nil }) else { return [] }
        return [input.finding(
            rule, "Xen has no driver for its console \(path) (`\(compatibles.joined(separator: "`, `"))`)", node: uart,
            label: "Xen boots without a console",
            notes: [Note("named by \(source)")])]
    }
}
