import Foundation
import Testing
import XenPTTestSupport

/// The seed example end to end: `xenpt build examples/midway` writes exactly the committed
/// files under `examples/midway/expected/`, and every one passes the real oracles.
@Suite struct MidwayExampleTests {
    static let artifacts = [
        "midway/host/passthrough.dtso", "midway/host/uboot-passthrough.cmd",
        "midway/net/guest.cfg", "midway/net/guest.dtb", "midway/net/guest.dts", "midway/net/plan.json",
    ]

    /// Runs `xenpt build examples/midway --out <temp>` from the package root.
    static func build(into out: URL) throws -> ProcessOutput {
        var environment = ProcessInfo.processInfo.environment
        environment["XENPT_SCHEMAS"] = nil
        return try Subprocess.run(xenptExecutable, args: ["build", "examples/midway", "--out", out.path],
                                  currentDirectory: packageRoot, environment: environment)
    }

    @Test func buildWritesTheExpectedArtifacts() throws {
        try TemporaryDirectory.with { out in
            let result = try Self.build(into: out)
            #expect(result.status == 0, "\(result.stderrText)")
            let written = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? [])
                .filter { $0.contains(".") }.sorted()
            #expect(written == Self.artifacts)
            for artifact in Self.artifacts {
                let bytes = try [UInt8](Data(contentsOf: out.appendingPathComponent(artifact)))
                Golden.assertMatches(actual: bytes, goldenPath: "examples/midway/expected/\(artifact)")
            }
        }
    }

    @Test func planExplainsEachDecision() throws {
        let result = try Subprocess.run(xenptExecutable, args: ["plan", "examples/midway/guests/net.yaml"], currentDirectory: packageRoot)
        #expect(result.status == 0)
        Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/midway/expected/plan.txt")
        #expect(result.stderrText == "1 info (see the info with --show-info)\n")
    }

    @Test func surveyTellsWhatCanBePassedThrough() throws {
        let result = try Subprocess.run(xenptExecutable, args: ["survey", "examples/midway/board.yaml"], currentDirectory: packageRoot)
        #expect(result.status == 0)
        #expect(result.stderrText == "")
        Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/midway/expected/survey.txt")
    }

    @Test func lintWritesValidSARIF() throws {
        let result = try Subprocess.run(xenptExecutable, args: ["lint", "examples/midway", "--format", "sarif"], currentDirectory: packageRoot)
        #expect(result.status == 0)
        guard let python = Oracle.requirePython(module: "jsonschema"), let schema = sarifSchema() else { return }
        let check = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            log = json.load(sys.stdin)
            jsonschema.validate(log, schema)
            results = log["runs"][0]["results"]
            print(len(results), results[0]["ruleId"], results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            """
        let validated = try Subprocess.run(python, args: ["-c", check, schema.path], stdin: result.stdout)
        #expect(validated.status == 0, "\(validated.stderrText)")
        #expect(validated.stdoutText == "1 XPT-DEP-001 examples/midway/guests/net.yaml\n")
    }

    @Test func mapShowsWindowsDevicesAndHoles() throws {
        try TemporaryDirectory.with { folder in
            let svg = folder.appendingPathComponent("map.svg").path
            let result = try Subprocess.run(xenptExecutable, args: ["map", "examples/midway/guests/net.yaml", "--svg", svg], currentDirectory: packageRoot)
            #expect(result.status == 0)
            Golden.assertMatches(actual: result.stdoutText, goldenPath: "examples/midway/expected/map.txt")
            let picture = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(picture.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(picture.contains("0x4020000  4 KiB  /soc/ethernet@fff51000 (allocated)"))
            #expect(picture.contains("host 0xfff51000 /soc/ethernet@fff51000"))
            #expect(picture.hasSuffix("</svg>\n"))
        }
    }

    /// The same board given as a DTB (compiled by `xenpt dt compile`) plans to the same bytes.
    @Test func aHostDTBGivesTheSameGuest() throws {
        try TemporaryDirectory.with { folder in
            let dtb = folder.appendingPathComponent("midway.dtb").path
            let compiled = try Subprocess.run(xenptExecutable, args: ["dt", "compile", "examples/midway/midway.dts", "-o", dtb], currentDirectory: packageRoot)
            #expect(compiled.status == 0, "\(compiled.stderrText)")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("guests"), withIntermediateDirectories: true)
            let board = try String(contentsOf: packageRoot.appendingPathComponent("examples/midway/board.yaml"), encoding: .utf8)
            try Data(board.replacingOccurrences(of: "host: midway.dts", with: "host: midway.dtb").utf8).write(to: folder.appendingPathComponent("board.yaml"))
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/midway/guests/net.yaml"), to: folder.appendingPathComponent("guests/net.yaml"))
            let out = folder.appendingPathComponent("out")
            let result = try Subprocess.run(xenptExecutable, args: ["build", folder.path, "--out", out.path], currentDirectory: packageRoot)
            #expect(result.status == 0, "\(result.stderrText)")
            let expected = packageRoot.appendingPathComponent("examples/midway/expected/midway/net")
            #expect(try Data(contentsOf: out.appendingPathComponent("midway/net/guest.dtb")) == Data(contentsOf: expected.appendingPathComponent("guest.dtb")))
            func body(_ url: URL) throws -> String {
                try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("sha256:") }.joined(separator: "\n")
            }
            #expect(try body(out.appendingPathComponent("midway/net/guest.cfg")) == body(expected.appendingPathComponent("guest.cfg")))
            #expect(try body(out.appendingPathComponent("midway/net/guest.dts")) == body(expected.appendingPathComponent("guest.dts")))
        }
    }

    @Test func buildIsDeterministicAndCheckable() throws {
        try TemporaryDirectory.with { first in
            try TemporaryDirectory.with { second in
                #expect(try Self.build(into: first).status == 0)
                #expect(try Self.build(into: second).status == 0)
                for artifact in Self.artifacts {
                    let a = try Data(contentsOf: first.appendingPathComponent(artifact))
                    let b = try Data(contentsOf: second.appendingPathComponent(artifact))
                    #expect(a == b, "\(artifact) differs between two builds")
                }
                let check = try Subprocess.run(xenptExecutable, args: ["build", "examples/midway", "--out", first.path, "--check"],
                                               currentDirectory: packageRoot)
                #expect(check.status == 0)
                #expect(check.stdoutText == "6 artifacts up to date\n")
                try Data("stale\n".utf8).write(to: first.appendingPathComponent("midway/net/guest.cfg"))
                let stale = try Subprocess.run(xenptExecutable, args: ["build", "examples/midway", "--out", first.path, "--check"],
                                               currentDirectory: packageRoot)
                #expect(stale.status == 1)
                #expect(stale.stderrText == """
                    1 info (see the info with --show-info)
                    stale: \(first.path)/midway/net/guest.cfg (line 1 differs)
                      expected: # Guest `net` on board `midway`
                      found:    stale
                    1 of 6 artifacts differs; run `xenpt build` and commit the result

                    """)
            }
        }
    }

    @Test func guestTreeCompilesWithDTCToTheSameBytes() throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let expected = packageRoot.appendingPathComponent("examples/midway/expected/midway")
        let result = try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", expected.appendingPathComponent("net/guest.dts").path])
        #expect(result.status == 0)
        #expect(result.stderrText == "", "dtc warned: \(result.stderrText)")
        #expect(result.stdout == [UInt8](try Data(contentsOf: expected.appendingPathComponent("net/guest.dtb"))))
    }

    @Test func hostOverlayCompilesWithDTC() throws {
        guard let dtc = Oracle.require(tool: "dtc") else { return }
        let overlay = packageRoot.appendingPathComponent("examples/midway/expected/midway/host/passthrough.dtso")
        let result = try Subprocess.run(dtc, args: ["-@", "-I", "dts", "-O", "dtb", overlay.path])
        #expect(result.status == 0)
        #expect(result.stderrText == "", "dtc warned: \(result.stderrText)")
        // Applied to the host tree, the overlay marks exactly the passed-through node.
        guard let fdtoverlay = Oracle.require(tool: "fdtoverlay") else { return }
        try TemporaryDirectory.with { folder in
            let host = folder.appendingPathComponent("host.dtb").path
            let dtbo = folder.appendingPathComponent("patch.dtbo").path
            let merged = folder.appendingPathComponent("merged.dtb").path
            #expect(try Subprocess.run(dtc, args: ["-I", "dts", "-O", "dtb", "-o", host, packageRoot.appendingPathComponent("examples/midway/midway.dts").path]).status == 0)
            try Data(result.stdout).write(to: URL(fileURLWithPath: dtbo))
            #expect(try Subprocess.run(fdtoverlay, args: ["-i", host, "-o", merged, dtbo]).status == 0)
            let text = try Subprocess.run(dtc, args: ["-I", "dtb", "-O", "dts", merged]).stdoutText
            #expect(text.components(separatedBy: "xen,passthrough;").count == 2)
            #expect(text.contains("ethernet@fff51000 {\n\t\t\txen,passthrough;\n\t\t\tcompatible = \"calxeda,hb-xgmac\";\n\t\t\treg = <0xfff51000 0x1000>;\n\t\t\tinterrupts = <0x00 0x50 0x04 0x00 0x51 0x04 0x00 0x52 0x04>;\n\t\t\tdma-coherent;\n\t\t\t#stream-id-cells = <0x01>;\n\t\t\tphandle = <0x03>;\n\t\t};"))
        }
    }

    @Test func xlParsesTheConfigWithTheValuesMeant() throws {
        guard let harness = XLOracle.require() else { return }
        let config = try String(contentsOf: packageRoot.appendingPathComponent("examples/midway/expected/midway/net/guest.cfg"), encoding: .utf8)
        let values = try XLOracle.parse(config, harness: harness)
        #expect(values == [
            "name=net", "memory=512", "vcpus=1", "kernel=/etc/xen/midway/net/Image", "cmdline=console=hvc0 root=/dev/xvda",
            "device_tree=/etc/xen/midway/net/guest.dtb", "dtdev=/soc/ethernet@fff51000",
            "irq=112", "irq=113", "irq=114",
            "iomem=start:0xfff51 pages:0x1 gfn:0x4020",
        ])
    }
}
