import Foundation
import Testing
import XenPTTestSupport

/// The install command: `scripts/install.sh` (what `make install` runs) puts a release build,
/// the schemas, the completions and the man page under a temporary prefix, and the installed
/// `xenpt` builds the Midway example from another folder with the Swift toolchain off `PATH`.
///
/// The release build is the one `make install` (or `.ci/run`) made; the test reuses it with
/// `--binary` rather than building again. Without one it skips with a notice, except under
/// `CI=true`, where it fails.
@Suite struct InstallTests {
    static let releaseBinary = packageRoot.appendingPathComponent(".build/release/xenpt")

    @Test func installedXenptRunsFromAnyFolderWithoutTheToolchain() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.releaseBinary.path) else {
            if isCI {
                Issue.record("no release build at \(Self.releaseBinary.path); .ci/run makes one with `make install`")
            } else {
                print("SKIP: no release build at \(Self.releaseBinary.path); run `make install PREFIX=…` once to test the install")
            }
            return
        }
        try TemporaryDirectory.with(prefix: "install") { directory in
            let prefix = directory.appendingPathComponent("prefix")
            let install = try Subprocess.run("/bin/bash", args: [
                packageRoot.appendingPathComponent("scripts/install.sh").path,
                "--prefix", prefix.path, "--binary", Self.releaseBinary.path,
            ])
            #expect(install.status == 0, "\(install.stderrText)")
            #expect(install.stdoutText == "installed \(prefix.path)/bin/xenpt (schemas in \(prefix.path)/share/xenpt/schemas)\n")

            var installed = [
                "bin/xenpt", "share/xenpt/schemas/xen/4.17.yaml", "share/xenpt/schemas/devices",
                "share/bash-completion/completions/xenpt", "share/zsh/site-functions/_xenpt",
                "share/fish/vendor_completions.d/xenpt.fish",
            ]
            let manPage = prefix.appendingPathComponent("share/man/man1/xenpt.1").path
            if isCI || FileManager.default.fileExists(atPath: manPage) {
                installed.append("share/man/man1/xenpt.1")
            } else {
                print("SKIP: no man page was generated in this checkout yet; `make install` generates it")
            }
            for path in installed {
                #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(path).path), "\(path) not installed")
            }
            let bash = try String(contentsOf: prefix.appendingPathComponent("share/bash-completion/completions/xenpt"), encoding: .utf8)
            #expect(bash.hasPrefix("#!/bin/bash\n") && bash.contains("complete -o filenames -F _xenpt xenpt"))
            let zsh = try String(contentsOf: prefix.appendingPathComponent("share/zsh/site-functions/_xenpt"), encoding: .utf8)
            #expect(zsh.hasPrefix("#compdef xenpt\n"))
            let fish = try String(contentsOf: prefix.appendingPathComponent("share/fish/vendor_completions.d/xenpt.fish"), encoding: .utf8)
            #expect(fish.contains("complete -c 'xenpt'") || fish.contains("complete -c xenpt"))
            if FileManager.default.fileExists(atPath: manPage) {
                let man = try String(contentsOf: URL(fileURLWithPath: manPage), encoding: .utf8)
                #expect(man.contains(".Dt XENPT 1") && man.contains("lint"), "unexpected man page")
            }

            // Another folder, a copy of the example, no toolchain, no library path, no XENPT_SCHEMAS.
            let work = directory.appendingPathComponent("work")
            try FileManager.default.createDirectory(at: work.appendingPathComponent("examples"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/midway"),
                                             to: work.appendingPathComponent("examples/midway"))
            let environment = ["PATH": prefix.appendingPathComponent("bin").path + ":/usr/bin:/bin", "HOME": directory.path, "LC_ALL": "C"]
            let build = try Subprocess.run("/bin/sh", args: ["-c", "xenpt build examples/midway --out out"],
                                           currentDirectory: work, environment: environment)
            #expect(build.status == 0, "\(build.stderrText)")
            for artifact in ["net/guest.cfg", "net/guest.dts", "net/guest.dtb", "net/plan.json", "host/passthrough.dtso"] {
                let made = try Data(contentsOf: work.appendingPathComponent("out/midway/\(artifact)"))
                let expected = try Data(contentsOf: packageRoot.appendingPathComponent("examples/midway/expected/midway/\(artifact)"))
                #expect(made == expected, "installed xenpt wrote a different \(artifact) (is \(Self.releaseBinary.path) older than the sources? `make install` rebuilds it)")
            }

            // No Swift runtime library is loaded from outside the executable.
            let ldd = try Subprocess.run("ldd", args: [prefix.appendingPathComponent("bin/xenpt").path], environment: environment)
            let swiftLibraries = ldd.stdoutText.split(separator: "\n").filter { $0.contains("libswift") || $0.contains("libFoundation") || $0.contains("lib_Foundation") || $0.contains("libdispatch") }
            if isCI {
                #expect(swiftLibraries.isEmpty, "the installed xenpt links the Swift runtime dynamically:\n\(swiftLibraries.joined(separator: "\n"))")
            } else if !swiftLibraries.isEmpty {
                print("SKIP: \(Self.releaseBinary.path) is not the static build `make install` makes (a plain `swift build -c release` relinked it); the static-runtime check needs `make install`")
            }
        }
    }
}
