import Foundation
import Testing
import XenPTTestSupport

/// `xenpt map --svg` draws each shipped example's guest address space: the pictures are pinned
/// (`examples/<example>/expected/<guest>-map.svg`), parse as XML, and render with
/// `rsvg-convert` (Debian's librsvg2-bin; skipped with a notice when it is missing, except
/// under `CI=true`).
struct MapPicture {
    @Test(arguments: [
        ("midway", "net"), ("zcu102", "net"), ("zcu102", "serial"),
        ("salvator-xs", "net"), ("imx8qm-mek", "net"), ("rpi4", "serial"), ("juno", "usb"),
    ])
    func pictureIsValidSVGThatRenders(_ example: String, _ guest: String) throws {
        try TemporaryDirectory.with(prefix: "map") { folder in
            let svg = folder.appendingPathComponent("map.svg")
            let result = try Subprocess.run(xenptExecutable, args: ["map", "examples/\(example)/guests/\(guest).yaml", "--svg", svg.path],
                                            currentDirectory: packageRoot)
            #expect(result.status == 0, "\(result.stderrText)")
            let picture = try String(contentsOf: svg, encoding: .utf8)
            Golden.assertMatches(actual: picture, goldenPath: "examples/\(example)/expected/\(guest)-map.svg")

            let parse = "import sys, xml.etree.ElementTree as ET\nroot = ET.parse(sys.argv[1]).getroot()\nprint(root.tag, len(root.findall('{http://www.w3.org/2000/svg}rect')) > 5)\n"
            if let python = Oracle.find("python3") {
                let parsed = try Subprocess.run(python, args: ["-c", parse, svg.path])
                #expect(parsed.status == 0, "\(parsed.stderrText)")
                #expect(parsed.stdoutText == "{http://www.w3.org/2000/svg}svg True\n")
            } else if isCI {
                Issue.record("python3 is needed to parse the SVG")
            }
            guard let rsvg = Oracle.find("rsvg-convert") else {
                if isCI { Issue.record("rsvg-convert (librsvg2-bin) is needed to render the SVG") } else {
                    print("SKIP: rsvg-convert (Debian's librsvg2-bin) is not installed; the SVG is not rendered")
                }
                return
            }
            let png = folder.appendingPathComponent("map.png")
            let rendered = try Subprocess.run(rsvg, args: ["-o", png.path, svg.path])
            #expect(rendered.status == 0 && rendered.stderrText.isEmpty, "\(rendered.stderrText)")
            let bytes = try Data(contentsOf: png)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4e, 0x47]), "rsvg-convert wrote no PNG")
        }
    }
}
