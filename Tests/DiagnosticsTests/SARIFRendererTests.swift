import Diagnostics
import Foundation
import Testing
import XenPTTestSupport

@Suite struct SARIFRendererTests {
    private let tool = ToolInfo(version: "0.1.0", informationURI: "https://github.com/xenpt/xenpt")
    private let rules = [
        RuleMetadata(
            id: "XPT-MMIO-001", name: "mmio-page-shared",
            shortDescription: "a mapped page holds another device's registers",
            fullDescription: "xen maps whole pages", helpText: "move the device",
            defaultSeverity: .warning
        ),
        RuleMetadata(
            id: "XPT-IRQ-002", name: "shared-interrupt",
            shortDescription: "an interrupt is shared with a device outside the guest",
            fullDescription: "xen routes an spi to one domain", helpText: "pass both devices to one guest",
            helpURI: "https://example.org/rules/XPT-IRQ-002", defaultSeverity: .error
        ),
    ]
    private let findings = [
        Diagnostic(
            code: "XPT-IRQ-002", severity: .error, message: "interrupt 112 is shared",
            primary: Label(span("boards/net.yaml", 9, 13, 9, 35), "SPI 80"),
            secondary: [Label(span("board.dts", 41, 3, 43, 1), "other user")],
            notes: [Note("stays in dom0", at: point("board.dts", 41, 3)), Note("spi 80 is intid 112")],
            help: ["assign both"],
            devicePath: "/soc/ethernet@fff51000",
            dataPath: "passthrough[1].device"
        ),
        Diagnostic(
            code: "XPT-E-IO", severity: .warning, message: "cannot read a file",
            primary: Label(point("/abs dir/xé.yaml", 1, 1))
        ),
        Diagnostic(code: "XPT-E-YAML", severity: .info, message: "unlocated"),
    ]

    @Test func writesOneRunWithRulesAndResults() {
        #expect(SARIFRenderer(tool: tool, rules: rules).render(findings, sources: SourceStore()) == """
            {
              "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
              "version": "2.1.0",
              "runs": [
                {
                  "tool": {
                    "driver": {
                      "name": "xenpt",
                      "version": "0.1.0",
                      "informationUri": "https://github.com/xenpt/xenpt",
                      "rules": [
                        {
                          "id": "XPT-MMIO-001",
                          "name": "mmio-page-shared",
                          "shortDescription": {
                            "text": "a mapped page holds another device's registers"
                          },
                          "fullDescription": {
                            "text": "xen maps whole pages"
                          },
                          "help": {
                            "text": "move the device"
                          },
                          "defaultConfiguration": {
                            "level": "warning"
                          }
                        },
                        {
                          "id": "XPT-IRQ-002",
                          "name": "shared-interrupt",
                          "shortDescription": {
                            "text": "an interrupt is shared with a device outside the guest"
                          },
                          "fullDescription": {
                            "text": "xen routes an spi to one domain"
                          },
                          "help": {
                            "text": "pass both devices to one guest"
                          },
                          "helpUri": "https://example.org/rules/XPT-IRQ-002",
                          "defaultConfiguration": {
                            "level": "error"
                          }
                        }
                      ]
                    }
                  },
                  "columnKind": "unicodeCodePoints",
                  "results": [
                    {
                      "ruleId": "XPT-IRQ-002",
                      "ruleIndex": 1,
                      "level": "error",
                      "message": {
                        "text": "interrupt 112 is shared"
                      },
                      "locations": [
                        {
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "boards/net.yaml"
                            },
                            "region": {
                              "startLine": 9,
                              "startColumn": 13,
                              "endLine": 9,
                              "endColumn": 35
                            }
                          },
                          "message": {
                            "text": "SPI 80"
                          },
                          "logicalLocations": [
                            {
                              "fullyQualifiedName": "/soc/ethernet@fff51000",
                              "kind": "element"
                            }
                          ]
                        }
                      ],
                      "relatedLocations": [
                        {
                          "id": 0,
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "board.dts"
                            },
                            "region": {
                              "startLine": 41,
                              "startColumn": 3,
                              "endLine": 43,
                              "endColumn": 1
                            }
                          },
                          "message": {
                            "text": "other user"
                          }
                        },
                        {
                          "id": 1,
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "board.dts"
                            },
                            "region": {
                              "startLine": 41,
                              "startColumn": 3,
                              "endLine": 41,
                              "endColumn": 4
                            }
                          },
                          "message": {
                            "text": "stays in dom0"
                          }
                        }
                      ],
                      "properties": {
                        "devicePath": "/soc/ethernet@fff51000",
                        "dataPath": "passthrough[1].device",
                        "notes": [
                          "spi 80 is intid 112"
                        ],
                        "help": [
                          "assign both"
                        ]
                      }
                    },
                    {
                      "ruleId": "XPT-E-IO",
                      "level": "warning",
                      "message": {
                        "text": "cannot read a file"
                      },
                      "locations": [
                        {
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "file:///abs%20dir/x%C3%A9.yaml"
                            },
                            "region": {
                              "startLine": 1,
                              "startColumn": 1,
                              "endLine": 1,
                              "endColumn": 2
                            }
                          }
                        }
                      ]
                    },
                    {
                      "ruleId": "XPT-E-YAML",
                      "level": "note",
                      "message": {
                        "text": "unlocated"
                      },
                      "locations": []
                    }
                  ]
                }
              ]
            }

            """)
    }

    @Test func leavesOutRegionsSARIFCannotHold() {
        let odd = Diagnostic(
            code: "X", severity: .error, message: "m",
            primary: Label(point("f", 0, 0)),
            secondary: [Label(point("f", 3, 0))],
            devicePath: "/a"
        )
        let text = SARIFRenderer(tool: tool).render([odd], sources: SourceStore())
        #expect(!text.contains("\"region\": {\n                \"startLine\": 0"))
        #expect(text.contains("""
                            "region": {
                              "startLine": 3
                            }
            """))
        #expect(text.contains("\"rules\": []"))
    }

    @Test func mapsSeveritiesToLevels() {
        #expect(Severity.allCases.map(SARIFRenderer.level) == ["note", "warning", "error"])
        #expect(SARIFRenderer.uri(forPath: "a b/c#d?.dts") == "a%20b/c%23d%3F.dts")
        #expect(SARIFRenderer.uri(forPath: "/x/y") == "file:///x/y")
    }

    /// Validates SARIF text against the OASIS schema with python3's jsonschema; nil when the
    /// oracle is unavailable, else the validator's status and complaints.
    private func validate(_ sarif: String) throws -> ProcessOutput? {
        guard let python = Oracle.requirePython(module: "jsonschema") else { return nil }
        guard let schema = sarifSchema() else { return nil }
        let script = """
            import json, sys
            from jsonschema import validators
            schema = json.load(open(sys.argv[1]))
            cls = validators.validator_for(schema)
            cls.check_schema(schema)
            validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
            errors = sorted(validator.iter_errors(json.load(sys.stdin)), key=lambda e: list(e.path))
            for error in errors:
                print(list(error.path), error.message)
            sys.exit(1 if errors else 0)
            """
        return try Subprocess.run(python, args: ["-c", script, schema.path], stdin: Array(sarif.utf8))
    }

    @Test func validatesAgainstTheOfficialSchema() throws {
        var richer = findings
        richer.append(Diagnostic(
            code: "XPT-MMIO-001", severity: .warning, message: "page shared",
            primary: Label(span("dir with space/b.dts", 2, 1, 5, 7), "region"),
            secondary: [Label(point("other.dts", 1, 1))],
            notes: [Note("unlocated")],
            devicePath: "/soc/x",
            related: [RelatedNode("/soc/y", "stays with the host", at: point("other.dts", 4, 2)), RelatedNode("/soc/z")],
            fields: [.text("property", "reg"), .number("mfn", 0xfff51), .numbers("streamIDs", [1, 2])]
        ))
        let sarif = SARIFRenderer(tool: tool, rules: rules).render(richer, sources: SourceStore())
        guard let result = try validate(sarif) else { return }
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let empty = SARIFRenderer(tool: tool).render([], sources: SourceStore())
        let emptyResult = try #require(try validate(empty))
        #expect(emptyResult.status == 0, "\(emptyResult.stdoutText)\(emptyResult.stderrText)")
    }

    @Test func theSchemaCheckCanFail() throws {
        let sarif = SARIFRenderer(tool: tool).render([findings[2]], sources: SourceStore())
        let broken = sarif.replacingOccurrences(of: "\"level\": \"note\"", with: "\"level\": \"fatal\"")
        #expect(broken != sarif)
        guard let result = try validate(broken) else { return }
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("'fatal' is not one of"))
    }

    @Test func relatedNodesAreRelatedLocationsAndFieldsAreProperties() {
        let finding = Diagnostic(
            code: "XPT-CLK-001", severity: .warning, message: "clock shared",
            primary: Label(point("g.yaml", 3, 5)),
            notes: [Note("/a is defined here", at: point("b.dts", 7, 2)), Note("/b is defined here", at: point("b.dts", 9, 2))],
            devicePath: "/dev",
            related: [RelatedNode("/a", "also uses clock `x`", at: point("b.dts", 7, 2)), RelatedNode("/c", "also uses clock `x`")],
            fields: [.text("clockProvider", "/clkc"), .numbers("clockSpecifier", [61])]
        )
        let text = SARIFRenderer(tool: tool).render([finding], sources: SourceStore())
        // The note at /a's place is /a's related location; the note at /b's place stays.
        #expect(text.contains("""
                      "relatedLocations": [
                        {
                          "id": 0,
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "b.dts"
                            },
                            "region": {
                              "startLine": 7,
                              "startColumn": 2,
                              "endLine": 7,
                              "endColumn": 3
                            }
                          },
                          "logicalLocations": [
                            {
                              "fullyQualifiedName": "/a",
                              "kind": "element"
                            }
                          ],
                          "message": {
                            "text": "also uses clock `x`"
                          }
                        },
                        {
                          "id": 1,
                          "logicalLocations": [
                            {
                              "fullyQualifiedName": "/c",
                              "kind": "element"
                            }
                          ],
                          "message": {
                            "text": "also uses clock `x`"
                          }
                        },
                        {
                          "id": 2,
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "b.dts"
                            },
                            "region": {
                              "startLine": 9,
                              "startColumn": 2,
                              "endLine": 9,
                              "endColumn": 3
                            }
                          },
                          "message": {
                            "text": "/b is defined here"
                          }
                        }
                      ],
                      "properties": {
                        "devicePath": "/dev",
                        "fields": {
                          "clockProvider": "/clkc",
                          "clockSpecifier": [
                            61
                          ]
                        }
                      }
            """))
    }
}
