import Diagnostics
import Foundation
import Testing

@Suite struct JSONRendererTests {
    private let unlocated = Diagnostic(
        code: "XPT-E-IO", severity: .warning, message: "cannot read \"b\\oard.yaml\"\tcafé\u{1}"
    )

    @Test func writesEveryFieldInAFixedOrder() {
        var finding = sharedInterrupt
        finding.secondary = [Label(span("boards/midway/midway.dts", 41, 3, 41, 16))]
        finding.related = [RelatedNode("/soc/sata@ffe08000", "also uses INTID 112", at: span("boards/midway/midway.dts", 41, 3, 41, 3)),
                           RelatedNode("/soc/gpio@fff10000")]
        finding.fields = [.number("intid", 112), .number("spi", 80), .text("property", "interrupts"), .numbers("specifier", [0, 80, 4])]
        #expect(JSONRenderer().render([finding, unlocated], sources: SourceStore()) == #"""
            [
              {
                "code": "XPT-IRQ-002",
                "severity": "error",
                "message": "interrupt 112 is shared with a device that stays in dom0",
                "file": "boards/midway/guests/net.yaml",
                "start": {
                  "line": 9,
                  "column": 13
                },
                "end": {
                  "line": 9,
                  "column": 35
                },
                "devicePath": "/soc/ethernet@fff51000",
                "dataPath": "passthrough[1].device",
                "related": [
                  {
                    "node": "/soc/sata@ffe08000",
                    "message": "also uses INTID 112",
                    "file": "boards/midway/midway.dts",
                    "start": {
                      "line": 41,
                      "column": 3
                    },
                    "end": {
                      "line": 41,
                      "column": 3
                    }
                  },
                  {
                    "node": "/soc/gpio@fff10000",
                    "message": "",
                    "file": null,
                    "start": null,
                    "end": null
                  }
                ],
                "fields": {
                  "intid": 112,
                  "spi": 80,
                  "property": "interrupts",
                  "specifier": [
                    0,
                    80,
                    4
                  ]
                },
                "labels": [
                  {
                    "primary": true,
                    "file": "boards/midway/guests/net.yaml",
                    "start": {
                      "line": 9,
                      "column": 13
                    },
                    "end": {
                      "line": 9,
                      "column": 35
                    },
                    "message": "SPI 80 (INTID 112) also used by /soc/sata@ffe08000"
                  },
                  {
                    "primary": false,
                    "file": "boards/midway/midway.dts",
                    "start": {
                      "line": 41,
                      "column": 3
                    },
                    "end": {
                      "line": 41,
                      "column": 16
                    },
                    "message": ""
                  }
                ],
                "notes": [
                  {
                    "message": "/soc/sata@ffe08000 is not passed through to this guest",
                    "file": "boards/midway/midway.dts",
                    "start": {
                      "line": 41,
                      "column": 3
                    },
                    "end": {
                      "line": 41,
                      "column": 3
                    }
                  }
                ],
                "help": [
                  "pass both devices to the same guest, or waive with a reason"
                ]
              },
              {
                "code": "XPT-E-IO",
                "severity": "warning",
                "message": "cannot read \"b\\oard.yaml\"\tcafé\u0001",
                "file": null,
                "start": null,
                "end": null,
                "devicePath": null,
                "dataPath": null,
                "related": [],
                "fields": {},
                "labels": [],
                "notes": [],
                "help": []
              }
            ]

            """#)
        #expect(JSONRenderer().render([], sources: SourceStore()) == "[]\n")
    }

    @Test func outputParsesBackToTheSameValues() throws {
        let text = JSONRenderer().render([sharedInterrupt, unlocated], sources: SourceStore())
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        let objects = try #require(parsed)
        #expect(objects.count == 2)
        #expect(objects[1]["message"] as? String == unlocated.message)
        #expect((objects[0]["end"] as? [String: Any])?["column"] as? Int == 35)
        #expect(objects[1]["file"] is NSNull)
    }
}
