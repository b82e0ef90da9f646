import Foundation
import Testing
import XenPT
import XenPTTestSupport

/// Artifact headers name inputs relative to the board manifest's folder, never by a path that
/// depends on where the checkout lives.
@Suite struct InputNamesTests {
    static let host = """
        /dts-v1/;

        / {
        	#address-cells = <1>;
        	#size-cells = <1>;

        	gic: interrupt-controller@8000000 {
        		compatible = "arm,gic-400";
        		interrupt-controller;
        		#interrupt-cells = <3>;
        		reg = <0x8000000 0x10000>;
        	};

        	uart0: serial@9000000 {
        		compatible = "arm,pl011";
        		reg = <0x9000000 0x1000>;
        		interrupt-parent = <&gic>;
        		interrupts = <0 1 4>;
        	};
        };

        """

    /// The input lines of the guest's `guest.cfg` header, with the board written at `board`
    /// (relative to `root`), naming its host as `host`, and the guest at `guest` naming the board as `boardReference`.
    static func headerInputs(root: URL, board: String, host: String, hostFile: String, guest: String, boardReference: String) throws -> [String] {
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        // A checkout: the workspace root (the read roots) is the folder holding `.git`.
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try write(board, "board: b\nhost: \(host)\nxen: \"4.17\"\n")
        try write(hostFile, Self.host)
        try write(guest, "guest: g\nboard: \(boardReference)\nmemory: 128M\npassthrough:\n  - \"&uart0\"\n")
        let workspace = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path)
            .load(paths: [root.appendingPathComponent(guest).path])
        #expect(workspace.diagnostics.filter { $0.severity == .error }.isEmpty, "\(workspace.diagnostics.map(\.message))")
        let artifacts = try ArtifactBuilder.build(workspace.planAll()).get()
        let config = try #require(artifacts.first { $0.path == "b/g/guest.cfg" })
        return String(decoding: config.bytes, as: UTF8.self).split(separator: "\n").filter { $0.contains(" sha256:") }
            .map { String($0.dropFirst(2).prefix { $0 != " " }) }
    }

    @Test func filesOutsideTheBoardFolderKeepTheirDotDot() throws {
        try TemporaryDirectory.with { root in
            let names = try Self.headerInputs(root: root, board: "boards/b/board.yaml", host: "../../common/soc.dts", hostFile: "common/soc.dts",
                                              guest: "guests/g.yaml", boardReference: "../boards/b/board.yaml")
            #expect(names == ["../../guests/g.yaml", "board.yaml", "../../common/soc.dts"])
        }
    }

    @Test func filesReachedThroughAnAbsolutePathAreNamedByTheirFileName() throws {
        try TemporaryDirectory.with { root in
            let names = try Self.headerInputs(root: root, board: "b/board.yaml", host: root.appendingPathComponent("common/soc.dts").path,
                                              hostFile: "common/soc.dts", guest: "elsewhere/g.yaml",
                                              boardReference: root.appendingPathComponent("b/board.yaml").path)
            #expect(names == ["g.yaml", "board.yaml", "soc.dts"])
        }
    }

    @Test func relativePathsAreMeasuredBetweenAbsoluteFolders() {
        #expect(PathNormalizer.relative("/a/b/c.yaml", from: "/a/b") == "c.yaml")
        #expect(PathNormalizer.relative("/a/x/c.yaml", from: "/a/b/d") == "../../x/c.yaml")
        #expect(PathNormalizer.relative("/a/b", from: "/a/b") == ".")
        #expect(PathNormalizer.relative("/c.yaml", from: "/") == "c.yaml")
    }
}
